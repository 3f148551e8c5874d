import { routeCaller, uploadRateLimit } from "~/server/route-access";
import { PackageUploadError, receivePluginPackage } from "~/server/plugins/receive-plugin-package";

export const dynamic = "force-dynamic";

/**
 * POST /api/plugins/packages, multipart/form-data with the file field `package` (.tgz): checks
 * and registers the plugin package without installing it, answering
 * `{ id, version, name, sha256, compatible, reason?, manifest }`. Admins only (session cookie or
 * API token), rate-limited like file uploads.
 */
export async function POST(req: Request) {
  const caller = await routeCaller(req, "admin", "Uploading plugin packages needs the admin role");
  if ("response" in caller) return caller.response;
  const { rt, user } = caller;
  const limited = await uploadRateLimit(req, user.id);
  if (limited) return limited;
  try {
    const result = await receivePluginPackage(rt, { body: req.body, contentType: req.headers.get("content-type") }, caller.origin);
    return Response.json(result, { status: 201 });
  } catch (err) {
    if (err instanceof PackageUploadError) return Response.json({ error: err.message }, { status: err.status });
    console.error("plugin package upload failed:", err);
    return Response.json({ error: "The upload failed on the server; the server log has the details" }, { status: 500 });
  }
}
