import type { Session } from "next-auth";
import type { Runtime } from "~/domain/runtime";
import { checkHealth, livenessOf, type HealthReport } from "~/domain/runtime/health";

/**
 * The public probe is answered from one shared check at most every PUBLIC_TTL_MS: a flood of
 * anonymous requests costs the stores one probe, and a load balancer polling it is never refused
 * (a rate limit there would read as "down").
 */
const PUBLIC_TTL_MS = 5_000;
let publicCheck: { at: number; rt: Runtime; report: Promise<HealthReport> } | undefined;

function sharedPublicCheck(rt: Runtime): Promise<HealthReport> {
  const now = Date.now();
  if (!publicCheck || publicCheck.rt !== rt || now - publicCheck.at > PUBLIC_TTL_MS) {
    const report = checkHealth({ env: rt.env, clickhouse: rt.ch, db: rt.db, temporal: rt.temporal, livenessOnly: true });
    publicCheck = { at: now, rt, report };
    // a failed check is not kept: the next request probes again
    report.catch(() => {
      if (publicCheck?.report === report) publicCheck = undefined;
    });
  }
  return publicCheck.report;
}

/**
 * GET /api/health. Anyone gets the liveness answer `{"status"}` (200 when ok, 503 otherwise),
 * enough for a load balancer, from a check shared for 5 s; versions, modes and error texts (`?details=1`) need an admin.
 */
export async function healthEndpoint(req: Request, deps: { rt: Runtime; session: () => Promise<Session | null> }): Promise<Response> {
  const wantsDetails = new URL(req.url).searchParams.get("details") === "1";
  if (wantsDetails) {
    const session = await deps.session();
    if (!session?.user) return Response.json({ error: "Sign in as an admin to see the health details" }, { status: 401 });
    if (session.user.role !== "admin") return Response.json({ error: "The health details need the admin role" }, { status: 403 });
  }
  const { rt } = deps;
  // The public answer polls each service cheaply (shared for 5 s); the details are the infrastructure cards' probes.
  const report = wantsDetails
    ? await checkHealth({ env: rt.env, clickhouse: rt.ch, db: rt.db, temporal: rt.temporal })
    : await sharedPublicCheck(rt);
  const status = livenessOf(report);
  const body = wantsDetails ? report : { status };
  return Response.json(body, { status: status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
