import { commitmentCoverage, commitmentDaily, commitmentSavings, commitmentUtilisation } from "~/domain/analytics/commitments";
import { contractBurnDown } from "~/domain/analytics/contract-burndown";
import { sliceSchema } from "~/domain/analytics/filters";
import { compileSlice } from "~/domain/analytics/compiled-slice";
import { reportingCurrencySchema } from "~/domain/currency/convert";
import { createTRPCRouter } from "../trpc";
import { analyticsProcedure } from "./analytics-procedure";

export const commitmentsRouter = createTRPCRouter({
  summary: analyticsProcedure.input(sliceSchema.extend(reportingCurrencySchema.shape)).query(async ({ ctx, input }) => {
    const a = { ...ctx.analytics, reportingCurrency: input.currency };
    const slice = compileSlice(input, a.scope); // once for the four statements
    const [coverage, savings, commitments, daily] = await Promise.all([
      commitmentCoverage(a, slice),
      commitmentSavings(a, slice),
      commitmentUtilisation(a, slice),
      commitmentDaily(a, slice),
    ]);
    return { coverage, savings, commitments, daily };
  }),
  /** Burn-down of each FOCUS 1.3 contract commitment (MACC, savings-plan contract) to date; not tied to the page's range. */
  contracts: analyticsProcedure.query(({ ctx }) => contractBurnDown(ctx.analytics)),
});
