import { routeCaller, uploadRateLimit } from "~/server/route-access";
import { receiveUpload, UploadError } from "~/server/uploads/receive-upload";

export const dynamic = "force-dynamic";

/**
 * POST /api/uploads?sourceId=UUID, multipart/form-data with one or more files: streams them to
 * the data directory and starts an ingestUpload run. Admins only (session cookie or API token).
 */
export async function POST(req: Request) {
  const caller = await routeCaller(req, "admin", "Uploading billing files needs the admin role");
  if ("response" in caller) return caller.response;
  const { rt, user } = caller;
  const limited = await uploadRateLimit(req, user.id);
  if (limited) return limited;
  try {
    const result = await receiveUpload(rt, {
      body: req.body,
      contentType: req.headers.get("content-type"),
      sourceId: new URL(req.url).searchParams.get("sourceId"),
    }, caller.origin);
    return Response.json(result, { status: 202 });
  } catch (err) {
    if (err instanceof UploadError) return Response.json({ error: err.message }, { status: err.status });
    console.error("upload failed:", err);
    return Response.json({ error: "The upload failed on the server; the server log has the details" }, { status: 500 });
  }
}
