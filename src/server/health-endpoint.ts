import type { Session } from "next-auth";
import type { Runtime } from "~/domain/runtime";
import { checkHealth, livenessOf } from "~/domain/runtime/health";

/**
 * GET /api/health. Anyone gets the liveness answer `{"status"}` (200 when ok, 503 otherwise),
 * enough for a load balancer; versions, modes and error texts (`?details=1`) need an admin.
 */
export async function healthEndpoint(req: Request, deps: { rt: Runtime; session: () => Promise<Session | null> }): Promise<Response> {
  const wantsDetails = new URL(req.url).searchParams.get("details") === "1";
  if (wantsDetails) {
    const session = await deps.session();
    if (!session?.user) return Response.json({ error: "Sign in as an admin to see the health details" }, { status: 401 });
    if (session.user.role !== "admin") return Response.json({ error: "The health details need the admin role" }, { status: 403 });
  }
  const { rt } = deps;
  // The public answer polls each service cheaply; the details are the infrastructure cards' probes.
  const report = await checkHealth({ env: rt.env, clickhouse: rt.ch, db: rt.db, temporal: rt.temporal, livenessOnly: !wantsDetails });
  const status = livenessOf(report);
  const body = wantsDetails ? report : { status };
  return Response.json(body, { status: status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
