// First: Next's request scope needs its AsyncLocalStorage global before any next/* module loads.
import { inRequestScope } from "./next-request-scope";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { resetEnvCache } from "~/domain/runtime/env";
import { openRuntime, type Runtime } from "~/domain/runtime";
import { createUser } from "~/domain/auth/bootstrap";
import { grants, users, type Role } from "~/domain/db/schema";
import { appRouter, type createCaller } from "~/server/api/root";
import { createCallerFactory, createTRPCContext } from "~/server/api/trpc";
import { resolveAuthSecret } from "~/server/auth-secret";

/** The five kinds of caller every procedure and route is checked against. */
export const PRINCIPALS = ["anonymous", "viewer", "scopedViewer", "analyst", "admin"] as const;
export type Principal = (typeof PRINCIPALS)[number];

/** The billing account the scoped viewer is granted (and nothing else). */
export const SCOPED_BILLING_ACCOUNT = "ba-scoped-1";

type SignedIn = { id: string; email: string; role: Role };

export type SecurityRuntime = {
  rt: Runtime;
  users: Record<Exclude<Principal, "anonymous">, SignedIn>;
  /** A tRPC caller for the principal, with the context the app builds for a request. */
  caller: (p: Principal, headers?: Headers) => ReturnType<typeof createCaller>;
  /**
   * A caller whose context the app builds itself (createTRPCContext) from a request carrying the
   * principal's session cookie: whatever the context does with the session applies here too.
   */
  callerFromCookie: (p: Principal) => Promise<ReturnType<typeof createCaller>>;
  /** A real next-auth session cookie ("name=value") for the principal; "" for anonymous. */
  cookie: (p: Principal) => Promise<string>;
};

/**
 * A real embedded runtime (chDB + PGlite, fresh data directory) with one user per principal.
 * The scoped viewer is a viewer whose data access is "granted", with one grant on one billing
 * account (src/domain/db/schema/access.ts).
 */
export async function startSecurityRuntime(name: string): Promise<SecurityRuntime> {
  process.env.ABI_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), `abi-${name}-`));
  delete process.env.CLICKHOUSE_URL;
  delete process.env.DATABASE_URL;
  delete process.env.NEXTAUTH_URL;
  if (process.env.TEST_TEMPORAL_ADDRESS) process.env.TEMPORAL_ADDRESS = process.env.TEST_TEMPORAL_ADDRESS;
  process.env.TEMPORAL_TASK_QUEUE = `abi-${name}-${process.pid}`;
  resetEnvCache();
  const rt = await openRuntime({ migrate: true });
  const pw = "a-long-password";
  const made = {
    viewer: await createUser(rt.db, { email: "viewer@example.com", password: pw, role: "viewer" }),
    scopedViewer: await createUser(rt.db, { email: "scoped@example.com", password: pw, role: "viewer" }),
    analyst: await createUser(rt.db, { email: "analyst@example.com", password: pw, role: "analyst" }),
    admin: await createUser(rt.db, { email: "admin@example.com", password: pw, role: "admin" }),
  };
  await rt.db.update(users).set({ dataAccess: "granted" }).where(eq(users.id, made.scopedViewer.id));
  await rt.db.insert(grants).values({ userId: made.scopedViewer.id, role: "viewer", scopeKind: "billing_account", scopeValue: SCOPED_BILLING_ACCOUNT });

  const factory = createCallerFactory(appRouter);
  const secret = resolveAuthSecret(rt.env);
  const session = (p: Principal) => {
    if (p === "anonymous") return null;
    const u = made[p];
    return { expires: "2999-01-01T00:00:00.000Z", user: { id: u.id, email: u.email, name: "", role: u.role } };
  };
  const cookie = async (p: Principal) => {
    if (p === "anonymous") return "";
    const u = made[p];
    const value = await encode({ token: { sub: u.id, email: u.email, name: "", role: u.role }, secret });
    return `next-auth.session-token=${value}`;
  };
  return {
    rt,
    users: made,
    caller: (p, headers = new Headers()) => factory({ rt, db: rt.db, ch: rt.ch, headers, session: session(p) }),
    async callerFromCookie(p) {
      const c = await cookie(p);
      const req = new Request("http://localhost:3160/api/trpc", { headers: c ? { cookie: c } : {} });
      return factory(await inRequestScope(req, () => createTRPCContext({ headers: req.headers })));
    },
    cookie,
  };
}
