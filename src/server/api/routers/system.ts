import { checkHealth } from "~/domain/runtime/health";
import { userGroups } from "~/domain/auth/memberships";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../trpc";

export const systemRouter = createTRPCRouter({
  health: adminProcedure.query(({ ctx }) =>
    checkHealth({ env: ctx.rt.env, clickhouse: ctx.ch, db: ctx.db, temporal: ctx.rt.temporal }),
  ),
  /** Who the caller is now: current role and data access from PostgreSQL, how it authenticated, its groups. */
  me: protectedProcedure.query(async ({ ctx }) => ({
    ...ctx.session.user,
    // the effective role (highest of the user's role and their grants), which every check uses
    role: ctx.access.role,
    storedRole: ctx.session.user.role,
    dataAccess: ctx.access.dataAccess,
    via: ctx.user?.via,
    groups: await userGroups(ctx.db, ctx.session.user.id),
  })),
});
