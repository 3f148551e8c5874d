import "server-only";
import { getToken } from "next-auth/jwt";
import { RequestCookies } from "next/dist/server/web/spec-extension/cookies";
import type { Role } from "~/domain/db/schema";
import { loadAccountState, sessionRefusal } from "~/domain/auth/account-state";
import { resolveApiToken } from "~/domain/auth/api-tokens";
import type { Db } from "~/domain/runtime/postgres";
import { env } from "~/domain/runtime/env";
import { resolveAuthSecret } from "./auth-secret";
import { getRuntime } from "./runtime";

/** Who a request acts as: always the user's current row, whether it came with a session or a token. */
export type CurrentUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  dataAccess: "all" | "granted";
  via: "session" | "token";
};

/** anonymous: no credentials at all; refused: credentials that no longer (or never did) work. */
export type RequestIdentity = { user: CurrentUser } | { refusal: string } | { anonymous: true };

const memo = new WeakMap<Headers, Promise<RequestIdentity>>();

/**
 * Resolves a request's session cookie or `Authorization: Bearer abi_…` token to the user's current
 * row in PostgreSQL: one primary-key lookup (plus the token's unique-index lookup). The result is
 * memoised per Headers object, i.e. per request, and never across requests, so a demotion, a
 * disabled account or ended sessions take effect on the very next request.
 */
export function resolveRequestIdentity(headers: Headers, db?: Db): Promise<RequestIdentity> {
  let pending = memo.get(headers);
  if (!pending) {
    pending = resolve(headers, db);
    memo.set(headers, pending);
  }
  return pending;
}

async function resolve(headers: Headers, givenDb?: Db): Promise<RequestIdentity> {
  const db = givenDb ?? (await getRuntime()).db;
  const authorization = headers.get("authorization");
  if (authorization) {
    const [scheme, credential] = authorization.split(/\s+/, 2);
    if (scheme?.toLowerCase() !== "bearer" || !credential) return { refusal: "Send the API token as: Authorization: Bearer abi_…" };
    const resolved = await resolveApiToken(db, credential);
    if ("refusal" in resolved) return resolved;
    return { user: toCurrentUser(resolved.account, "token") };
  }
  const jwt = await getToken({ req: { headers: Object.fromEntries(headers), cookies: new RequestCookies(headers) } as never, secret: resolveAuthSecret(env()) });
  if (!jwt?.sub) return { anonymous: true };
  const account = await loadAccountState(db, jwt.sub);
  // signedInAt is set once at sign-in; iat moves each time next-auth re-issues the cookie.
  const signedInAt = typeof jwt.signedInAt === "number" ? jwt.signedInAt : Number(jwt.iat ?? 0) * 1000;
  const refusal = sessionRefusal(account, signedInAt);
  if (refusal) return { refusal };
  return { user: toCurrentUser(account!, "session") };
}

const toCurrentUser = (a: { id: string; email: string; name: string; role: Role; dataAccess: "all" | "granted" }, via: CurrentUser["via"]): CurrentUser => ({
  id: a.id,
  email: a.email,
  name: a.name,
  role: a.role,
  dataAccess: a.dataAccess,
  via,
});

/** For route handlers: the user, or the 401 response to send. */
export async function requireRequestUser(req: Request): Promise<{ user: CurrentUser } | { response: Response }> {
  const identity = await resolveRequestIdentity(req.headers);
  if ("user" in identity) return identity;
  const error = "refusal" in identity ? identity.refusal : "Sign in first";
  return { response: Response.json({ error }, { status: 401 }) };
}
