import { checkHealth } from "~/domain/runtime/health";
import { userGroups } from "~/domain/auth/memberships";
import { describeAnalyticsScope } from "~/domain/analytics/scope-label";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../trpc";

export const systemRouter = createTRPCRouter({
  health: adminProcedure.query(({ ctx }) =>
    checkHealth({ env: ctx.rt.env, clickhouse: ctx.ch, db: ctx.db, temporal: ctx.rt.temporal }),
  ),
  /** Who the caller is now: current role and data access from PostgreSQL, how it authenticated, its groups and billing scope. */
  me: protectedProcedure.query(async ({ ctx }) => ({
    ...ctx.session.user,
    dataAccess: ctx.user?.dataAccess,
    via: ctx.user?.via,
    groups: await userGroups(ctx.db, ctx.session.user.id),
    /** The billing data the caller sees, in words (report title blocks). */
    scope: describeAnalyticsScope(ctx.access.scope),
  })),
});
