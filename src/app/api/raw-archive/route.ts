import { requireRequestUser } from "~/server/current-user";
import { getRuntime } from "~/server/runtime";
import { auditOrigin } from "~/server/audit-origin";
import { recordAudit } from "~/domain/audit/record";
import { hasAllData, resolveAccess } from "~/domain/access/resolve-access";
import { AccessError } from "~/domain/access/errors";
import { roleAtLeast } from "~/domain/access/roles";
import { ArchiveNotFoundError, readArchivedFile } from "~/domain/storage/raw-archive";

export const dynamic = "force-dynamic";

/**
 * GET /api/raw-archive?runId=…&file=… : one archived raw billing file of a run, as a download.
 * The same gate as the run page (analyst or admin with access to all billing data); audited.
 */
export async function GET(req: Request) {
  const auth = await requireRequestUser(req);
  if ("response" in auth) return auth.response;
  const rt = await getRuntime();
  const access = await resolveAccess(rt.db, auth.user.id).catch((e: unknown) => {
    if (e instanceof AccessError) return e;
    throw e;
  });
  if (access instanceof AccessError) return Response.json({ error: access.message }, { status: access.code === "UNAUTHORIZED" ? 401 : 403 });
  if (!roleAtLeast(access.role, "analyst") || !hasAllData(access)) return Response.json({ error: "Raw billing files need the analyst or admin role with access to all billing data" }, { status: 403 });
  const url = new URL(req.url);
  const runId = url.searchParams.get("runId") ?? "";
  const file = url.searchParams.get("file") ?? "";
  if (!runId || !file || runId.length > 200 || file.length > 1000) return Response.json({ error: "Name the run (runId) and the file (file)" }, { status: 400 });
  try {
    const { name, body } = await readArchivedFile(rt, runId, file);
    await recordAudit(rt.db, { ...auditOrigin({ session: { user: auth.user, expires: "" }, headers: req.headers }), action: "raw.download", target: name, details: { runId, bytes: body.length } });
    const base = name.split("/").pop() ?? "file";
    return new Response(new Uint8Array(body), {
      headers: {
        "content-type": "application/octet-stream",
        "content-length": String(body.length),
        "content-disposition": `attachment; filename="${base.replace(/[^A-Za-z0-9._-]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(base)}`,
      },
    });
  } catch (err) {
    if (err instanceof ArchiveNotFoundError) return Response.json({ error: err.message }, { status: 404 });
    console.error("raw archive download failed:", err);
    return Response.json({ error: "The file could not be read from object storage; the server log has the details" }, { status: 502 });
  }
}
