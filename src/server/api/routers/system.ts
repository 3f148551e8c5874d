import { checkHealth } from "~/domain/runtime/health";
import { healthHistory, sampleHealthIfDue } from "~/domain/runtime/health-history";
import { userGroups } from "~/domain/auth/memberships";
import { describeAnalyticsScope } from "~/domain/analytics/scope-label";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../trpc";

export const systemRouter = createTRPCRouter({
  /** Every configured service's card; a page view also stores the minute's history sample when due. */
  health: adminProcedure.query(async ({ ctx }) => {
    const report = await checkHealth({ env: ctx.rt.env, clickhouse: ctx.ch, db: ctx.db, temporal: ctx.rt.temporal });
    await sampleHealthIfDue(ctx.db, async () => report).catch((err: unknown) => console.error(`abi: could not store a health sample: ${(err as Error).message}`));
    return report;
  }),
  /** The last 24 h per service: availability and latency samples (one a minute). */
  healthHistory: adminProcedure.query(({ ctx }) => healthHistory(ctx.db)),
  /** Who the caller is now: current role and data access from PostgreSQL, how it authenticated, its groups and billing scope. */
  me: protectedProcedure.query(async ({ ctx }) => ({
    ...ctx.session.user,
    // the effective role (highest of the user's role and their grants), which every check uses
    role: ctx.access.role,
    storedRole: ctx.session.user.role,
    dataAccess: ctx.access.dataAccess,
    via: ctx.user?.via,
    groups: await userGroups(ctx.db, ctx.session.user.id),
    /** The billing data the caller sees, in words (report title blocks). */
    scope: describeAnalyticsScope(ctx.access.scope),
  })),
});
