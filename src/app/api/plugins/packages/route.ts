import { requireRequestUser } from "~/server/current-user";
import { getRuntime } from "~/server/runtime";
import { clientAddress } from "~/server/security/client-address";
import { rateLimited, securityLimits, tooManyMessage } from "~/server/security/limits";
import { auditOrigin } from "~/server/audit-origin";
import { PackageUploadError, receivePluginPackage } from "~/server/plugins/receive-plugin-package";
import { hasAllData, resolveAccess } from "~/domain/access/resolve-access";
import { AccessError } from "~/domain/access/errors";

export const dynamic = "force-dynamic";

/**
 * POST /api/plugins/packages, multipart/form-data with the file field `package` (.tgz): checks
 * and registers the plugin package without installing it, answering
 * `{ id, version, name, sha256, compatible, reason?, manifest }`. Admins only (session cookie or
 * API token), rate-limited like file uploads.
 */
export async function POST(req: Request) {
  const auth = await requireRequestUser(req);
  if ("response" in auth) return auth.response;
  const rt = await getRuntime();
  // The same gate as tRPC's adminProcedure (and the uploads route).
  const access = await resolveAccess(rt.db, auth.user.id).catch((e: unknown) => {
    if (e instanceof AccessError) return e;
    throw e;
  });
  if (access instanceof AccessError) return Response.json({ error: access.message }, { status: access.code === "UNAUTHORIZED" ? 401 : 403 });
  if (access.role !== "admin" || !hasAllData(access)) return Response.json({ error: "Uploading plugin packages needs the admin role" }, { status: 403 });
  const { uploadsUser, uploadsAddress } = securityLimits();
  const wait = await rateLimited([
    [uploadsUser, auth.user.id],
    [uploadsAddress, clientAddress((n) => req.headers.get(n))],
  ]);
  if (wait) return Response.json({ error: tooManyMessage(wait) }, { status: 429, headers: { "retry-after": String(wait) } });
  try {
    const result = await receivePluginPackage(rt, { body: req.body, contentType: req.headers.get("content-type") }, auditOrigin({ session: { user: auth.user, expires: "" }, headers: req.headers }));
    return Response.json(result, { status: 201 });
  } catch (err) {
    if (err instanceof PackageUploadError) return Response.json({ error: err.message }, { status: err.status });
    console.error("plugin package upload failed:", err);
    return Response.json({ error: "The upload failed on the server; the server log has the details" }, { status: 500 });
  }
}
