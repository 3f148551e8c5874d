import { commitmentCoverage, commitmentDaily, commitmentSavings, commitmentUtilisation } from "~/domain/analytics/commitments";
import { sliceSchema } from "~/domain/analytics/filters";
import { createTRPCRouter } from "../trpc";
import { analyticsProcedure } from "./analytics-procedure";

export const commitmentsRouter = createTRPCRouter({
  summary: analyticsProcedure.input(sliceSchema).query(async ({ ctx, input }) => {
    const [coverage, savings, commitments, daily] = await Promise.all([
      commitmentCoverage(ctx.analytics, input),
      commitmentSavings(ctx.analytics, input),
      commitmentUtilisation(ctx.analytics, input),
      commitmentDaily(ctx.analytics, input),
    ]);
    return { coverage, savings, commitments, daily };
  }),
});
