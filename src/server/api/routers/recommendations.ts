import { sliceSchema } from "~/domain/analytics/filters";
import { recommendations } from "~/domain/analytics/recommendations";
import { reportingCurrencySchema } from "~/domain/currency/convert";
import { createTRPCRouter } from "../trpc";
import { analyticsProcedure } from "./analytics-procedure";

export const recommendationsRouter = createTRPCRouter({
  list: analyticsProcedure
    .input(sliceSchema.extend(reportingCurrencySchema.shape))
    .query(({ ctx, input }) => recommendations({ ...ctx.analytics, reportingCurrency: input.currency }, input)),
});
