/**
 * Reporting currency: the fact or rollup table seen through a converting subquery. Each row's four
 * cost columns are multiplied, in Decimal, by the rate of its charge day — the latest ECB day on or
 * before it, at most FX_MAX_GAP_DAYS earlier (ECB publishes no weekend or TARGET-holiday rates) —
 * and its BillingCurrency becomes the reporting currency. A row without such a rate keeps its own
 * currency and amounts: it is never guessed, and shows up as its own currency in every result
 * (and in conversionSummary). Rates are per 1 EUR; a cross rate C→T is rate(T) / rate(C) of the
 * same day, in Decimal256.
 *
 * Every value is a bound parameter: the target currency is {fx_target:String} and the gap
 * {fx_max_gap:UInt32}, added by runQuery (run.ts) for a context that has a reportingCurrency.
 * The caller's WHERE (range, filters, billing-scope predicate) applies to the converted rows
 * unchanged, so the user's scope is kept.
 */
import { z } from "zod";

/** How far back a rate may be: the longest ECB gap is a holiday week (Christmas to New Year). */
export const FX_MAX_GAP_DAYS = 7;
export const FX_PIVOT = "EUR";

export const currencyCodeSchema = z.string().regex(/^[A-Z]{3}$/, "currency is a 3-letter ISO code like EUR");
/** The optional `currency` of a dashboard query (absent = amounts in their billing currency). */
export const reportingCurrencySchema = z.object({ currency: currencyCodeSchema.optional() });

/** The cost columns a converting source multiplies (every table the dashboards read has them). */
export const CONVERTED_COLUMNS = ["BilledCost", "EffectiveCost", "ListCost", "ContractedCost"] as const;

/** Rates per 1 EUR with EUR itself (1) on every ECB day. */
const PIVOT_RATES = `(SELECT date, quote, rate FROM fx_rates FINAL WHERE base = '${FX_PIVOT}'
  UNION ALL SELECT DISTINCT date, '${FX_PIVOT}' AS quote, toDecimal128(1, 18) AS rate FROM fx_rates FINAL WHERE base = '${FX_PIVOT}')`;

/** Per ECB day and currency C: how many units of the reporting currency one unit of C is. */
const FACTORS = `(SELECT c.date AS fx_date, c.quote AS fx_currency, toDecimal256(t.rate, 20) / toDecimal256(c.rate, 20) AS fx_factor
  FROM ${PIVOT_RATES} AS c
  INNER JOIN (SELECT date, rate FROM ${PIVOT_RATES} WHERE quote = {fx_target:String}) AS t ON t.date = c.date)`;

/**
 * `table` (a whitelisted table name) with amounts in the reporting currency. Extra columns:
 * fx_state (0 no rate, 1 already in the currency, 2 converted), fx_from_currency,
 * fx_from_effective, fx_from_billed, fx_from_list, fx_from_contracted (the original currency and
 * amounts), fx_date (the rate's day).
 */
export function convertedTable(table: string): string {
  const replace = CONVERTED_COLUMNS.map((c) => `if(fx_state = 2, toDecimal128(${c} * fx_factor, 18), ${c}) AS ${c}`).join(", ");
  return `(SELECT * REPLACE (${replace}, if(fx_state = 2, {fx_target:String}, BillingCurrency) AS BillingCurrency)
FROM (SELECT s.*, fx.fx_factor AS fx_factor, fx.fx_date AS fx_date,
    multiIf(s.BillingCurrency = {fx_target:String}, 1,
      fx.fx_factor > 0 AND dateDiff('day', fx.fx_date, toDate(s.ChargePeriodStart)) <= {fx_max_gap:UInt32}, 2, 0) AS fx_state,
    s.BillingCurrency AS fx_from_currency, s.EffectiveCost AS fx_from_effective, s.BilledCost AS fx_from_billed,
    s.ListCost AS fx_from_list, s.ContractedCost AS fx_from_contracted
  FROM ${table} AS s ASOF LEFT JOIN ${FACTORS} AS fx
    ON s.BillingCurrency = fx.fx_currency AND toDate(s.ChargePeriodStart) >= fx.fx_date))`;
}

/** A metric's amount before conversion, per original currency (the METRICS of dimensions.ts). */
const ORIGINAL_METRIC: Record<string, string> = {
  BilledCost: "fx_from_billed",
  EffectiveCost: "fx_from_effective",
  ListCost: "fx_from_list",
  ContractedCost: "fx_from_contracted",
  Savings: "fx_from_list - fx_from_effective",
};

/**
 * Aggregate over a converting source: the metric's original amounts as [[currencies], [amounts]]
 * (shown in a tooltip next to the converted amount). `metric` is one of the whitelisted METRICS.
 */
export function originalsExpr(metric: string): string {
  const col = ORIGINAL_METRIC[metric];
  if (!col) throw new Error(`no original amount for metric ${metric}`);
  return `sumMap([fx_from_currency], [toDecimal128(${col}, 18)])`;
}

export type Originals = { currency: string; amount: string }[];
/** sumMap's JSON ([[currencies], [amounts]]) as a list, biggest first. */
export function readOriginals(raw: unknown): Originals {
  const [keys, values] = (Array.isArray(raw) ? raw : [[], []]) as [string[], (string | number)[]];
  return keys.map((currency, i) => ({ currency, amount: String(values[i] ?? "0") })).sort((a, b) => Math.abs(Number(b.amount)) - Math.abs(Number(a.amount)));
}

/** The query parameters convertedTable's SQL reads. */
export function conversionParams(currency: string): Record<string, unknown> {
  return { fx_target: currency, fx_max_gap: FX_MAX_GAP_DAYS };
}
