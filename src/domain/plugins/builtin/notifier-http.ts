/**
 * Posting JSON to a webhook for the notifier built-ins: http(s) only, no link-local or cloud
 * metadata address (the channel's URL is typed by an admin but must not reach the metadata
 * service): checked on the name, on every address it resolves to, and again at connect time
 * (DNS rebinding); redirects are not followed; a timeout, and a refusal that names the HTTP status.
 */
import http from "node:http";
import https from "node:https";
import dns from "node:dns";
import { checkEndpointUrlSync, checkOutboundHost, guardLookup, UrlRefusedError } from "../../sources/shared/url-policy";
import type { ConnectionStep } from "../contract";

const TIMEOUT_MS = 15_000;
const LABEL = "The webhook URL";

const lookup = guardLookup(dns.lookup, LABEL);

/** What can be known without DNS: scheme, no user info, no metadata name or literal address. */
export function checkWebhookUrl(raw: string): URL {
  return checkEndpointUrlSync(raw, LABEL);
}

/** POSTs `body` and returns "HTTP 200"; throws with the status and the start of the answer otherwise. */
export async function postJson(rawUrl: string, body: string, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<string> {
  const url = checkWebhookUrl(rawUrl);
  await checkOutboundHost(url.hostname, LABEL);
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  const request = url.protocol === "https:" ? https.request : http.request;
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), ...headers },
        lookup,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      },
      resolve,
    );
    req.on("error", (e) => reject(e instanceof UrlRefusedError ? e : new Error(`could not reach ${url.host}: ${e.message}`)));
    req.end(body);
  });
  let text = "";
  try {
    for await (const chunk of res) {
      if (text.length < 200) text += (chunk as Buffer).toString("utf8");
    }
  } catch {
    // the status is what matters
  }
  const status = res.statusCode ?? 0;
  if (status < 200 || status >= 300) throw new Error(`${url.host} answered HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ""}`);
  return `HTTP ${status}`;
}

/** "Test connection" of a webhook notifier: post its test message. */
export async function postStep(step: string, post: () => Promise<string>): Promise<ConnectionStep[]> {
  const started = performance.now();
  try {
    const detail = await post();
    return [{ step, ok: true, message: `Test message accepted (${detail})`, latencyMs: Math.round(performance.now() - started) }];
  } catch (e) {
    return [{ step, ok: false, message: (e as Error).message, latencyMs: Math.round(performance.now() - started) }];
  }
}
