import { breakdown, breakdownSchema } from "~/domain/analytics/breakdown";
import { heatmap, heatmapSchema } from "~/domain/analytics/heatmap";
import { createTRPCRouter } from "../trpc";
import { analyticsProcedure } from "./analytics-procedure";

export const breakdownRouter = createTRPCRouter({
  level: analyticsProcedure.input(breakdownSchema).query(({ ctx, input }) => breakdown(ctx.analytics, input)),
  heatmap: analyticsProcedure.input(heatmapSchema).query(({ ctx, input }) => heatmap(ctx.analytics, input)),
});
