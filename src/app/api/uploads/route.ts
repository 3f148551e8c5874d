import { requireRequestUser } from "~/server/current-user";
import { getRuntime } from "~/server/runtime";
import { clientAddress } from "~/server/security/client-address";
import { rateLimited, securityLimits, tooManyMessage } from "~/server/security/limits";
import { receiveUpload, UploadError } from "~/server/uploads/receive-upload";
import { auditOrigin } from "~/server/audit-origin";
import { hasAllData, resolveAccess } from "~/domain/access/resolve-access";
import { AccessError } from "~/domain/access/errors";

export const dynamic = "force-dynamic";

/**
 * POST /api/uploads?sourceId=UUID, multipart/form-data with one or more files: streams them to
 * the data directory and starts an ingestUpload run. Admins only (session cookie or API token).
 */
export async function POST(req: Request) {
  const auth = await requireRequestUser(req);
  if ("response" in auth) return auth.response;
  const rt = await getRuntime();
  // The same gate as tRPC's adminProcedure: the effective role from grants, all-data access, and
  // the refusal of an admin limited to grants (users.role alone says none of this).
  const access = await resolveAccess(rt.db, auth.user.id).catch((e: unknown) => {
    if (e instanceof AccessError) return e;
    throw e;
  });
  if (access instanceof AccessError) return Response.json({ error: access.message }, { status: access.code === "UNAUTHORIZED" ? 401 : 403 });
  if (access.role !== "admin" || !hasAllData(access)) return Response.json({ error: "Uploading billing files needs the admin role" }, { status: 403 });
  const { uploadsUser, uploadsAddress } = securityLimits();
  const wait = await rateLimited([
    [uploadsUser, auth.user.id],
    [uploadsAddress, clientAddress((n) => req.headers.get(n))],
  ]);
  if (wait) return Response.json({ error: tooManyMessage(wait) }, { status: 429, headers: { "retry-after": String(wait) } });
  try {
    const result = await receiveUpload(rt, {
      body: req.body,
      contentType: req.headers.get("content-type"),
      sourceId: new URL(req.url).searchParams.get("sourceId"),
    }, auditOrigin({ session: { user: auth.user, expires: "" }, headers: req.headers }));
    return Response.json(result, { status: 202 });
  } catch (err) {
    if (err instanceof UploadError) return Response.json({ error: err.message }, { status: err.status });
    console.error("upload failed:", err);
    return Response.json({ error: "The upload failed on the server; the server log has the details" }, { status: 500 });
  }
}
