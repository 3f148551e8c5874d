import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { Session } from "next-auth";
import { getServerAuthSession } from "~/server/auth";
import { getRuntime } from "~/server/runtime";
import type { Role } from "~/domain/db/schema";
import { apiRateLimited } from "~/server/security/api-rate-limit";
import { tooManyMessage } from "~/server/security/limits";

export async function createTRPCContext(opts: { headers: Headers }) {
  const [session, rt] = await Promise.all([getServerAuthSession(), getRuntime()]);
  return { session, rt, db: rt.db, ch: rt.ch, headers: opts.headers };
}

export type TRPCContext = Awaited<ReturnType<typeof createTRPCContext>>;

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

export const publicProcedure = t.procedure.use(logErrors).use(rateLimit);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session?.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
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
