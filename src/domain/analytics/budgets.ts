/**
 * Budget status: actual vs budget for the current period, variance, forecast to the period end
 * with a 90 % prediction interval, and the forecast's backtested MAPE on past periods
 * (method: forecast.ts and docs/analytics.md). Only rows in the budget's currency count.
 *
 * With a reporting currency (docs/currency.md), rows are converted at their charge day's rate and
 * the budget's own amount at the latest rate on or before the last data day (`amountRateDay`);
 * the comparison is then made in the reporting currency. Without a rate for the budget's amount
 * the status stays in the budget's currency (`currency`) and says so (`amountRateMissing`).
 */
import { z } from "zod";
import { singleLineText } from "../validation/plain-text";
import { dec } from "./decimal";
import { addDays, filterSchema, sliceDimensions, type Filter } from "./filters";
import { compileSlice, sliceWhere } from "./compiled-slice";
import { backtest, denseSeries, forecastDays, forecastPeriodTotal, HISTORY_DAYS, Z90 } from "./forecast";
import { dataDays } from "./latest-day";
import { Params } from "./params";
import { periodOf, previousPeriods, type PeriodKind } from "./periods";
import { pickSource, runQuery, type AnalyticsContext } from "./run";
import { convertAmountAt } from "../currency/latest-rate";

export const BACKTEST_PERIODS = 6;

export const budgetInputSchema = z.object({
  name: singleLineText(120).pipe(z.string().trim().min(1, "Give the budget a name")),
  filters: z.array(filterSchema).max(30).default([]),
  amount: z
    .string()
    .regex(/^\d{1,20}(\.\d{1,10})?$/, "the amount is a positive number with at most 10 decimals")
    // a zero budget has no "% used" (it was stored and shown as 0 % / Infinity)
    .refine((a) => /[1-9]/.test(a), "the amount must be more than 0"),
  currency: z.string().regex(/^[A-Z]{3}$/, "currency is a 3-letter ISO code like EUR"),
  period: z.enum(["monthly", "quarterly", "yearly"]).default("monthly"),
  metric: z.enum(["EffectiveCost", "BilledCost"]).default("EffectiveCost"),
  thresholds: z.array(z.number().min(1).max(1000)).max(10).default([80, 100]),
});
export type BudgetInput = z.infer<typeof budgetInputSchema>;
export type BudgetDef = BudgetInput & { id: string };

export type BudgetStatus = {
  id: string;
  asOf: string | null;
  period: { start: string; end: string } | null;
  actual: string;
  amount: string;
  variance: string;
  usedPct: number | null;
  forecast: { mean: string; lo: string; hi: string } | null;
  forecastVariance: string | null;
  mape: number | null;
  backtest: { period: string; actual: number; forecast: number; ape: number }[];
  crossed: number[];
  forecastCrosses: number[];
  otherCurrencies: string[];
  /** The currency of actual, amount, variance and forecast. */
  currency: string;
  /** The budget as defined (its own currency). */
  budget: { amount: string; currency: string };
  /** The ECB day whose rate converted the budget's amount (null: not converted). */
  amountRateDay: string | null;
  /** A reporting currency was asked for but the budget's amount has no rate: shown in its own currency. */
  amountRateMissing: boolean;
  daily: { day: string; actual: number | null; cumulative: number | null; forecast: number | null; lo: number | null; hi: number | null }[];
};

export async function budgetStatus(ctx: AnalyticsContext, b: BudgetDef): Promise<BudgetStatus> {
  const days = await dataDays(ctx);
  const own = { budget: { amount: b.amount, currency: b.currency }, currency: b.currency, amountRateDay: null, amountRateMissing: false };
  const empty: BudgetStatus = {
    id: b.id, asOf: null, period: null, actual: "0", amount: b.amount, variance: b.amount, usedPct: 0, forecast: null, forecastVariance: null,
    mape: null, backtest: [], crossed: [], forecastCrosses: [], otherCurrencies: [], daily: [], ...own,
  };
  if (!days) return empty;
  const target = ctx.reportingCurrency;
  if (target && target !== b.currency) {
    const converted = await convertAmountAt({ ...ctx, reportingCurrency: target }, b.amount, b.currency, days.last);
    if (!converted) {
      const plain = await statusIn({ ...ctx, reportingCurrency: undefined }, b, days);
      return { ...plain, amountRateMissing: true };
    }
    const st = await statusIn(ctx, { ...b, amount: converted.amount, currency: target }, days);
    return { ...st, budget: own.budget, amountRateDay: converted.rateDay };
  }
  return statusIn(ctx, b, days);
}

/** The status of `b` counting rows in b.currency (after conversion when ctx has a reporting currency). */
async function statusIn(ctx: AnalyticsContext, b: BudgetDef, days: { first: string; last: string }): Promise<BudgetStatus> {
  const asOf = days.last;
  const period = periodOf(asOf, b.period as PeriodKind);
  const past = previousPeriods(asOf, b.period as PeriodKind, BACKTEST_PERIODS);
  const from = [addDays((past.at(-1) as { start: string }).start, -HISTORY_DAYS), days.first].sort().at(-1) as string;
  const filters: Filter[] = b.filters;
  const src = await pickSource(ctx, sliceDimensions({ filters }));
  const slice = compileSlice({ from, to: asOf, filters }, ctx.scope, src);
  const p = new Params();
  const sql = `SELECT toString(toDate(ChargePeriodStart)) AS day, BillingCurrency AS currency, sum(${b.metric === "BilledCost" ? "BilledCost" : "EffectiveCost"}) AS cost
FROM ${src.table} WHERE ${sliceWhere(slice, p)} GROUP BY day, currency ORDER BY day`;
  const rows = await runQuery<{ day: string; currency: string; cost: string }>(ctx, { name: "budgets.daily", sql, params: p, source: src.source });
  const mine = rows.filter((r) => r.currency === b.currency);
  const otherCurrencies = [...new Set(rows.filter((r) => r.currency !== b.currency).map((r) => r.currency))];
  const series = new Map(mine.map((r) => [r.day, dec.toEstimate(r.cost)]));
  const actual = dec.add(...mine.filter((r) => r.day >= period.start && r.day <= asOf).map((r) => r.cost));
  const f = forecastPeriodTotal(series, period, asOf, days.first);
  const toMoney = (x: number) => dec.round(dec.add(actual, dec.fromEstimate(x - f.actual)), 2);
  const forecast = { mean: toMoney(f.mean), lo: toMoney(Math.max(f.lo, f.actual)), hi: toMoney(f.hi) };
  const elapsed = Math.round((Date.parse(asOf) - Date.parse(period.start)) / 86_400_000) + 1;
  const bt = backtest(series, past, elapsed, days.first);
  const usedPct = dec.ratio(actual, b.amount);
  const fPct = dec.ratio(forecast.mean, b.amount);
  const daily: BudgetStatus["daily"] = [];
  let cum = 0;
  for (const d of denseSeries(series, period.start, asOf < period.end ? asOf : period.end)) {
    cum += d.value;
    daily.push({ day: d.day, actual: d.value, cumulative: cum, forecast: null, lo: null, hi: null });
  }
  if (asOf < period.end) {
    const hist = denseSeries(series, [addDays(asOf, -(HISTORY_DAYS - 1)), days.first].sort().at(-1) as string, asOf);
    const fd = forecastDays(hist, addDays(asOf, 1), period.end);
    let fc = cum;
    fd.points.forEach((pt, i) => {
      fc += pt.mean;
      const half = Z90 * fd.sigma * Math.sqrt(i + 1);
      daily.push({ day: pt.day, actual: null, cumulative: null, forecast: fc, lo: Math.max(cum, fc - half), hi: fc + half });
    });
  }
  return {
    id: b.id,
    asOf,
    period,
    actual,
    amount: b.amount,
    variance: dec.sub(b.amount, actual),
    usedPct: usedPct === null ? null : usedPct * 100,
    forecast,
    forecastVariance: dec.sub(b.amount, forecast.mean),
    mape: bt.mape === null ? null : bt.mape * 100,
    backtest: bt.samples,
    crossed: b.thresholds.filter((t) => usedPct !== null && usedPct * 100 >= t),
    forecastCrosses: b.thresholds.filter((t) => fPct !== null && fPct * 100 >= t),
    otherCurrencies,
    currency: b.currency,
    budget: { amount: b.amount, currency: b.currency },
    amountRateDay: null,
    amountRateMissing: false,
    daily,
  };
}
