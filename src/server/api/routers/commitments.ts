import { commitmentCoverage, commitmentDaily, commitmentSavings, commitmentUtilisation } from "~/domain/analytics/commitments";
import { contractBurnDown } from "~/domain/analytics/contract-burndown";
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
  /** Burn-down of each FOCUS 1.3 contract commitment (MACC, savings-plan contract) to date; not tied to the page's range. */
  contracts: analyticsProcedure.query(({ ctx }) => contractBurnDown(ctx.analytics)),
});
