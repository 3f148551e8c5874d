import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { Session } from "next-auth";
import { getRuntime } from "~/server/runtime";
import { resolveRequestIdentity, type CurrentUser } from "~/server/current-user";
import type { Runtime } from "~/domain/runtime";
import type { Role } from "~/domain/db/schema";

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

export const publicProcedure = t.procedure.use(logErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session?.user) throw new TRPCError({ code: "UNAUTHORIZED", message: ctx.authRefusal ?? "Sign in first" });
  return next({ ctx: { ...ctx, session: ctx.session as Session } });
});

const requireRole = (roles: Role[]) =>
  protectedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.session.user.role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${roles.join(" or ")} role` });
    }
    return next();
  });

export const analystProcedure = requireRole(["admin", "analyst"]);
export const adminProcedure = requireRole(["admin"]);
