/**
 * The gate of the route handlers outside tRPC (uploads, plugin packages, raw-archive downloads):
 * the same rule as tRPC's adminProcedure / analystProcedure — the effective role from grants,
 * access to all billing data, the refusal of an admin limited to grants — plus, for uploads, the
 * upload rate limits. users.role alone says none of this.
 */
import type { Runtime } from "~/domain/runtime";
import { hasAllData, resolveAccess, type Access } from "~/domain/access/resolve-access";
import { AccessError } from "~/domain/access/errors";
import { roleAtLeast } from "~/domain/access/roles";
import { requireRequestUser, type CurrentUser } from "./current-user";
import { getRuntime } from "./runtime";
import { auditOrigin } from "./audit-origin";
import { clientAddress } from "./security/client-address";
import { rateLimited, securityLimits, tooManyMessage } from "./security/limits";

export type RouteCaller = { rt: Runtime; user: CurrentUser; access: Access; origin: ReturnType<typeof auditOrigin> };

/** The caller when they hold `role` with all-data access, else the 401/403 response to send (with `refusal`). */
export async function routeCaller(req: Request, role: "admin" | "analyst", refusal: string): Promise<RouteCaller | { response: Response }> {
  const auth = await requireRequestUser(req);
  if ("response" in auth) return auth;
  const rt = await getRuntime();
  const access = await resolveAccess(rt.db, auth.user.id).catch((e: unknown) => {
    if (e instanceof AccessError) return e;
    throw e;
  });
  if (access instanceof AccessError) return { response: Response.json({ error: access.message }, { status: access.code === "UNAUTHORIZED" ? 401 : 403 }) };
  if (!roleAtLeast(access.role, role) || !hasAllData(access)) return { response: Response.json({ error: refusal }, { status: 403 }) };
  return { rt, user: auth.user, access, origin: auditOrigin({ session: { user: auth.user, expires: "" }, headers: req.headers }) };
}

/** The 429 to send when the caller or their address has used up the upload limits, else null. */
export async function uploadRateLimit(req: Request, userId: string): Promise<Response | null> {
  const { uploadsUser, uploadsAddress } = securityLimits();
  const wait = await rateLimited([
    [uploadsUser, userId],
    [uploadsAddress, clientAddress((n) => req.headers.get(n))],
  ]);
  return wait ? Response.json({ error: tooManyMessage(wait) }, { status: 429, headers: { "retry-after": String(wait) } }) : null;
}
