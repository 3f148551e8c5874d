import { TRPCError } from "@trpc/server";
import { AnalyticsInputError } from "~/domain/analytics/errors";
import type { AnalyticsContext } from "~/domain/analytics/run";
import { startAnalyticsRequest } from "~/domain/analytics/request-start";
import { refreshTagAliases } from "~/server/tag-aliases";
import { protectedProcedure } from "../trpc";

/**
 * Procedure for dashboard queries: gives resolvers an analytics context carrying the user's
 * billing scope (resolved from their grants once per call in protectedProcedure), and turns refused input (unknown column, bad range) into a 400 with its reason.
 */
export const analyticsProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  startAnalyticsRequest(ctx.ch);
  await refreshTagAliases(ctx.db);
  const analytics: AnalyticsContext = { ch: ctx.ch, scope: ctx.access.scope };
  const result = await next({ ctx: { analytics } });
  if (!result.ok && result.error.cause instanceof AnalyticsInputError) {
    throw new TRPCError({ code: "BAD_REQUEST", message: result.error.cause.message, cause: result.error.cause });
  }
  return result;
});
