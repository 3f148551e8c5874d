import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { sliceSchema } from "~/domain/analytics/filters";
import { recordAudit } from "~/domain/audit/record";
import { currencyCodeSchema, FX_MAX_GAP_DAYS, FX_PIVOT } from "~/domain/currency/convert";
import { RatesFileError } from "~/domain/currency/ecb-csv";
import { importEcbCsv, MAX_RATES_FILE_BYTES, rateCoverage, reportingCurrencies } from "~/domain/currency/rates";
import { conversionSummary } from "~/domain/currency/summary";
import { auditOrigin } from "~/server/audit-origin";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../trpc";
import { analyticsProcedure } from "./analytics-procedure";

/**
 * Reporting currency (docs/currency.md): the loaded exchange rates (public reference data, any
 * signed-in user), what a converted page total is made of within the caller's scope, and the
 * admin's rates-file upload (audited).
 */
export const currencyRouter = createTRPCRouter({
  rates: protectedProcedure.query(async ({ ctx }) => {
    const pairs = await rateCoverage(ctx.ch);
    return { pivot: FX_PIVOT, maxGapDays: FX_MAX_GAP_DAYS, currencies: reportingCurrencies(pairs), pairs };
  }),
  summary: analyticsProcedure
    .input(sliceSchema.extend({ currency: currencyCodeSchema }))
    .query(({ ctx, input }) => conversionSummary({ ...ctx.analytics, reportingCurrency: input.currency }, input)),
  importRates: adminProcedure
    .input(z.object({ fileName: z.string().trim().min(1).max(200), csv: z.string().min(1).max(MAX_RATES_FILE_BYTES, "the rates file is larger than 20 MB") }))
    .mutation(async ({ ctx, input }) => {
      try {
        const result = await importEcbCsv(ctx.ch, input.csv, `upload:${input.fileName}`);
        await recordAudit(ctx.db, { ...auditOrigin(ctx), action: "currency.rates_import", target: input.fileName, details: { ...result, currencies: result.currencies.length } });
        return result;
      } catch (e) {
        if (e instanceof RatesFileError) throw new TRPCError({ code: "BAD_REQUEST", message: `${input.fileName}: ${e.message}` });
        throw e;
      }
    }),
});
