import { overview } from "~/domain/analytics/overview";
import { reportingCurrencySchema } from "~/domain/currency/convert";
import { createTRPCRouter } from "../trpc";
import { analyticsProcedure } from "./analytics-procedure";

export const overviewRouter = createTRPCRouter({
  /** `currency`: amounts in that reporting currency (docs/currency.md); absent: billing currencies. */
  get: analyticsProcedure.input(reportingCurrencySchema.optional()).query(({ ctx, input }) => overview({ ...ctx.analytics, reportingCurrency: input?.currency })),
});
