import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { Session } from "next-auth";
import { getRuntime } from "~/server/runtime";
import { resolveRequestIdentity, type CurrentUser } from "~/server/current-user";
import type { Runtime } from "~/domain/runtime";
import type { Role } from "~/domain/db/schema";
import { resolveAccess, hasAllData } from "~/domain/access/resolve-access";
import { AccessError } from "~/domain/access/errors";
import { roleAtLeast } from "~/domain/access/roles";
import { apiRateLimited } from "~/server/security/api-rate-limit";
import { tooManyMessage } from "~/server/security/limits";
import { observeTrpcCall } from "~/domain/metrics/registry";

export type TRPCContext = {
  session: Session | null;
  rt: Runtime;
  db: Runtime["db"];
  ch: Runtime["ch"];
  headers: Headers;
  /** The request's user from PostgreSQL (session cookie or API token); see current-user.ts. */
  user?: CurrentUser | null;
  /** Why the request's credentials were refused (ended session, disabled owner, revoked token). */
  authRefusal?: string;
};

export async function createTRPCContext(opts: { headers: Headers }): Promise<TRPCContext> {
  const rt = await getRuntime();
  const identity = await resolveRequestIdentity(opts.headers, rt.db);
  const user = "user" in identity ? identity.user : null;
  return {
    session: user ? { user: { id: user.id, email: user.email, name: user.name, role: user.role }, expires: "" } : null,
    user,
    authRefusal: "refusal" in identity ? identity.refusal : undefined,
    rt,
    db: rt.db,
    ch: rt.ch,
    headers: opts.headers,
  };
}

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    // 500s never carry internals (SQL, stack, file paths) to the browser.
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      message: internal ? "Internal error; the server log has the details" : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        zodError: error.cause instanceof ZodError ? error.cause.issues.map((i) => ({ path: i.path.join("."), message: i.message })) : null,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

const logErrors = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path} failed:`, result.error.cause ?? result.error);
  return result;
});

const rateLimit = t.middleware(async ({ ctx, next }) => {
  const wait = await apiRateLimited(ctx);
  if (wait) throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: tooManyMessage(wait) });
  return next();
});

/** Rate and latency per procedure for /api/metrics (refused calls too, with their code). */
const measure = t.middleware(async ({ next, path, type }) => {
  const started = performance.now();
  const result = await next();
  observeTrpcCall(path, type, result.ok ? "OK" : result.error.code, (performance.now() - started) / 1000);
  return result;
});

export const publicProcedure = t.procedure.use(measure).use(logErrors).use(rateLimit);

/**
 * Signed in, with the effective role and billing scope resolved once per call from the user's
 * grants (ctx.access; docs/access.md): role checks and every analytics query use it.
 */
export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (!ctx.session?.user) throw new TRPCError({ code: "UNAUTHORIZED", message: ctx.authRefusal ?? "Sign in first" });
  const loaded = ctx.user && ctx.user.id === ctx.session.user.id ? { role: ctx.user.role, dataAccess: ctx.user.dataAccess, disabled: false } : undefined;
  const access = await resolveAccess(ctx.db, ctx.session.user.id, loaded).catch((e: unknown) => {
    throw e instanceof AccessError ? new TRPCError({ code: e.code, message: e.message }) : e;
  });
  return next({ ctx: { ...ctx, session: ctx.session as Session, access } });
});

const requireRole = (needed: Role, opts: { allData?: boolean } = {}) =>
  protectedProcedure.use(({ ctx, next }) => {
    if (!roleAtLeast(ctx.access.role, needed)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${needed === "admin" ? "admin" : "analyst or admin"} role` });
    }
    if (opts.allData && !hasAllData(ctx.access)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "This page shows data of every billing account; it needs access to all billing data" });
    }
    return next();
  });

export const analystProcedure = requireRole("analyst");
/** Analyst pages that show data across every scope (ingestion runs, quarantine, validation). */
export const allDataAnalystProcedure = requireRole("analyst", { allData: true });
/** Admins always have all-data access (resolveAccess refuses an admin limited to grants). */
export const adminProcedure = requireRole("admin", { allData: true });
