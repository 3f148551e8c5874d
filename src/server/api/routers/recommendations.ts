import { sliceSchema } from "~/domain/analytics/filters";
import { recommendations } from "~/domain/analytics/recommendations";
import { createTRPCRouter } from "../trpc";
import { analyticsProcedure } from "./analytics-procedure";

export const recommendationsRouter = createTRPCRouter({
  list: analyticsProcedure.input(sliceSchema).query(({ ctx, input }) => recommendations(ctx.analytics, input)),
});
