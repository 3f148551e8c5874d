import { z } from "zod";
import { COMMON_COLUMNS, GROUPABLE_COLUMNS, METRIC_NAMES } from "~/domain/analytics/dimensions";
import { costExplorer, dimensionValues, explorerSchema, tagKeys } from "~/domain/analytics/explorer";
import { rangeSchema } from "~/domain/analytics/filters";
import { dataDays } from "~/domain/analytics/latest-day";
import { reportingCurrencySchema } from "~/domain/currency/convert";
import { createTRPCRouter } from "../trpc";
import { analyticsProcedure } from "./analytics-procedure";

export const costsRouter = createTRPCRouter({
  explore: analyticsProcedure.input(explorerSchema.extend(reportingCurrencySchema.shape)).query(({ ctx, input }) => costExplorer({ ...ctx.analytics, reportingCurrency: input.currency }, input)),
  /** What the pickers offer: columns (common first), metrics, tag keys in range, data bounds. */
  options: analyticsProcedure.input(rangeSchema).query(async ({ ctx, input }) => ({
    columns: [...COMMON_COLUMNS, ...GROUPABLE_COLUMNS.filter((c) => !(COMMON_COLUMNS as readonly string[]).includes(c))],
    metrics: METRIC_NAMES,
    tagKeys: await tagKeys(ctx.analytics, input),
  })),
  dataDays: analyticsProcedure.query(({ ctx }) => dataDays(ctx.analytics)),
  values: analyticsProcedure
    .input(rangeSchema.extend({ dim: z.string().min(1).max(300), search: z.string().max(200).optional() }))
    .query(({ ctx, input }) => dimensionValues(ctx.analytics, input)),
});
