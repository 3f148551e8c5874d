/**
 * What a converted page total is made of, per original currency, within the user's slice and
 * scope: rows converted (with their original and converted amounts) and rows left unconverted
 * because no rate was found ("n rows without a rate: USD 12.00 not converted").
 */
import { dec } from "../analytics/decimal";
import { sliceSchema, whereClause } from "../analytics/filters";
import { Params } from "../analytics/params";
import { RAW_TABLE, runQuery, type AnalyticsContext } from "../analytics/run";
import { convertedTable, FX_MAX_GAP_DAYS } from "./convert";
import type { z } from "zod";

export type CurrencyPart = {
  currency: string;
  rows: number;
  effective: string;
  billed: string;
  /** The same rows in the reporting currency (when converted or already in it). */
  convertedEffective: string | null;
  convertedBilled: string | null;
};
export type ConversionSummary = {
  currency: string;
  maxGapDays: number;
  converted: CurrencyPart[];
  missing: (CurrencyPart & { firstDay: string; lastDay: string })[];
};

export async function conversionSummary(ctx: AnalyticsContext & { reportingCurrency: string }, raw: z.input<typeof sliceSchema>): Promise<ConversionSummary> {
  const input = sliceSchema.parse(raw);
  const p = new Params();
  // the raw table: its count() is a count of billing rows
  const sql = `SELECT fx_from_currency AS currency, fx_state > 0 AS ok, count() AS rows,
  sum(fx_from_effective) AS effective, sum(fx_from_billed) AS billed, sum(EffectiveCost) AS conv_effective, sum(BilledCost) AS conv_billed,
  toString(min(toDate(ChargePeriodStart))) AS first_day, toString(max(toDate(ChargePeriodStart))) AS last_day
FROM ${convertedTable(RAW_TABLE)} WHERE ${whereClause(input, ctx.scope, p)} GROUP BY currency, ok ORDER BY currency, ok`;
  type Row = { currency: string; ok: number | boolean; rows: string; effective: string; billed: string; conv_effective: string; conv_billed: string; first_day: string; last_day: string };
  const rows = await runQuery<Row>(ctx, { name: "currency.summary", sql, params: p, source: "raw" });
  const part = (r: Row, converted: boolean): CurrencyPart => ({
    currency: r.currency,
    rows: Number(r.rows),
    effective: dec.add(r.effective),
    billed: dec.add(r.billed),
    convertedEffective: converted ? dec.add(r.conv_effective) : null,
    convertedBilled: converted ? dec.add(r.conv_billed) : null,
  });
  const ok = (r: Row) => r.ok === true || r.ok === 1;
  return {
    currency: ctx.reportingCurrency,
    maxGapDays: FX_MAX_GAP_DAYS,
    converted: rows.filter(ok).map((r) => part(r, true)),
    missing: rows.filter((r) => !ok(r)).map((r) => ({ ...part(r, false), firstDay: r.first_day, lastDay: r.last_day })),
  };
}
