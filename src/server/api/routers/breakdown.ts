import { breakdown, breakdownSchema } from "~/domain/analytics/breakdown";
import { heatmap, heatmapSchema } from "~/domain/analytics/heatmap";
import { reportingCurrencySchema } from "~/domain/currency/convert";
import { createTRPCRouter } from "../trpc";
import { analyticsProcedure } from "./analytics-procedure";

export const breakdownRouter = createTRPCRouter({
  level: analyticsProcedure.input(breakdownSchema.extend(reportingCurrencySchema.shape)).query(({ ctx, input }) => breakdown({ ...ctx.analytics, reportingCurrency: input.currency }, input)),
  heatmap: analyticsProcedure.input(heatmapSchema.extend(reportingCurrencySchema.shape)).query(({ ctx, input }) => heatmap({ ...ctx.analytics, reportingCurrency: input.currency }, input)),
});
