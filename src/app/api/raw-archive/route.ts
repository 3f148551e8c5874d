import { routeCaller } from "~/server/route-access";
import { recordAudit } from "~/domain/audit/record";
import { ArchiveNotFoundError, readArchivedFile } from "~/domain/storage/raw-archive";

export const dynamic = "force-dynamic";

/**
 * GET /api/raw-archive?runId=…&file=… : one archived raw billing file of a run, as a download.
 * The same gate as the run page (analyst or admin with access to all billing data); audited.
 */
export async function GET(req: Request) {
  const caller = await routeCaller(req, "analyst", "Raw billing files need the analyst or admin role with access to all billing data");
  if ("response" in caller) return caller.response;
  const { rt, user } = caller;
  const url = new URL(req.url);
  const runId = url.searchParams.get("runId") ?? "";
  const file = url.searchParams.get("file") ?? "";
  if (!runId || !file || runId.length > 200 || file.length > 1000) return Response.json({ error: "Name the run (runId) and the file (file)" }, { status: 400 });
  try {
    const { name, body } = await readArchivedFile(rt, runId, file);
    await recordAudit(rt.db, { ...caller.origin, action: "raw.download", target: name, details: { runId, bytes: body.length } });
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
