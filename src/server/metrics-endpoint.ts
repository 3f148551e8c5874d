import crypto from "node:crypto";
import type { Runtime } from "~/domain/runtime";
import { metricsText } from "~/domain/metrics/registry";
import { temporalQueueState } from "~/domain/runtime/probes/temporal-probe";

const TEMPORAL_TIMEOUT_MS = 3_000;

/** Constant-time comparison of the presented token with the configured one. */
function tokenMatches(presented: string, expected: string): boolean {
  const a = crypto.createHash("sha256").update(presented).digest();
  const b = crypto.createHash("sha256").update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/**
 * GET /api/metrics: Prometheus text for a scraper holding ABI_METRICS_TOKEN (Bearer). A missing or
 * wrong token, and any request while no token is configured, gets 401 (the answer does not tell
 * which). Users' sessions and API tokens do not open it: it is for the monitoring system
 * (docs/metrics.md).
 */
export async function metricsEndpoint(req: Request, deps: { rt: Runtime }): Promise<Response> {
  const expected = deps.rt.env.ABI_METRICS_TOKEN;
  const presented = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "")?.[1];
  if (!expected || !presented || !tokenMatches(presented, expected)) {
    return new Response("Send the metrics token as Authorization: Bearer <ABI_METRICS_TOKEN>\n", {
      status: 401,
      headers: { "content-type": "text/plain", "www-authenticate": 'Bearer realm="abi-metrics"' },
    });
  }
  const { rt } = deps;
  const { body, contentType } = await metricsText(async () => {
    const connection = await rt.temporal();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("Temporal did not answer")), TEMPORAL_TIMEOUT_MS);
    });
    try {
      return await Promise.race([temporalQueueState(connection, { namespace: rt.env.TEMPORAL_NAMESPACE, taskQueue: rt.env.TEMPORAL_TASK_QUEUE }), timeout]);
    } finally {
      clearTimeout(timer);
    }
  });
  return new Response(body, { status: 200, headers: { "content-type": contentType, "cache-control": "no-store" } });
}
