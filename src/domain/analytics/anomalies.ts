/**
 * Daily cost anomalies per dimension value (sub account, service, resource group, region, tag).
 * Baseline: for each day, the mean of the same weekday in the previous 4 weeks (missing days
 * count as 0) and the spread of those 4 values. A day is anomalous when its cost is more than
 * 3 spreads (floored at 10 % of the baseline) and at least `minDelta` away from it.
 * The cause: meters/resources of that value ranked by their change against their own baseline.
 */
import { z } from "zod";
import { dimensionExpr, parseDimension } from "./dimensions";
import { addDays, isoDaySchema, rangeSchema, filterSchema, sliceDimensions } from "./filters";
import { compileSlice, sliceWhere } from "./compiled-slice";
import { Params } from "./params";
import { pickSource, runQuery, type AnalyticsContext } from "./run";

export const ANOMALY_DIMENSIONS = ["SubAccountName", "ServiceName", "x_ResourceGroupName", "RegionName"] as const;
export const BASELINE_WEEKS = 4;
export const Z_THRESHOLD = 3;
/** Spread floor as a share of the baseline: flat series would otherwise flag cent-level noise. */
export const MIN_SPREAD_SHARE = 0.1;

export const anomaliesSchema = rangeSchema.extend({
  /** One of ANOMALY_DIMENSIONS or tag:<key>. */
  dimension: z.string().max(300).default("ServiceName"),
  filters: z.array(filterSchema).max(30).default([]),
  /** Ignore changes smaller than this (in the billing currency). */
  minDelta: z.number().min(0).default(10),
});
export type AnomaliesInput = z.input<typeof anomaliesSchema>;

export type Severity = "high" | "medium" | "low";
export type Anomaly = {
  dimension: string;
  value: string;
  currency: string;
  day: string;
  actual: string;
  expected: number;
  delta: number;
  score: number;
  severity: Severity;
};

export function severityOf(score: number, delta: number, expected: number): Severity {
  const rel = expected > 0 ? Math.abs(delta) / expected : Infinity;
  if (Math.abs(score) >= 8 || rel >= 1) return "high";
  if (Math.abs(score) >= 5 || rel >= 0.5) return "medium";
  return "low";
}

/** Pure detection on dense daily series (exported for tests of the method). */
export function detect(series: Map<string, number>, days: string[], minDelta: number): { day: string; actual: number; expected: number; spread: number; score: number }[] {
  const out = [];
  for (const day of days) {
    const past = Array.from({ length: BASELINE_WEEKS }, (_, i) => series.get(addDays(day, -7 * (i + 1))) ?? 0);
    const expected = past.reduce((a, x) => a + x, 0) / past.length;
    const sd = Math.sqrt(past.reduce((a, x) => a + (x - expected) ** 2, 0) / (past.length - 1));
    const spread = Math.max(sd, Math.abs(expected) * MIN_SPREAD_SHARE, 0.01);
    const actual = series.get(day) ?? 0;
    const score = (actual - expected) / spread;
    if (Math.abs(score) >= Z_THRESHOLD && Math.abs(actual - expected) >= minDelta) out.push({ day, actual, expected, spread, score });
  }
  return out;
}

export async function detectAnomalies(ctx: AnalyticsContext, raw: AnomaliesInput): Promise<{ anomalies: Anomaly[]; source: "rollup" | "raw" }> {
  const input = anomaliesSchema.parse(raw);
  const dim = parseDimension(input.dimension);
  const lookbackFrom = addDays(input.from, -7 * BASELINE_WEEKS);
  const src = await pickSource(ctx, [...sliceDimensions(input), input.dimension]);
  const slice = compileSlice({ from: lookbackFrom, to: input.to, filters: input.filters }, ctx.scope, src);
  const p = new Params();
  const g = dimensionExpr(dim, p, src);
  const sql = `SELECT ${g} AS value, BillingCurrency AS currency, toString(toDate(ChargePeriodStart)) AS day, sum(EffectiveCost) AS cost
FROM ${src.table} WHERE ${sliceWhere(slice, p)}
GROUP BY value, currency, day ORDER BY value, currency, day`;
  const rows = await runQuery<{ value: string; currency: string; day: string; cost: string }>(ctx, { name: "anomalies.daily", sql, params: p, source: src.source });

  const groups = new Map<string, { value: string; currency: string; series: Map<string, number>; exact: Map<string, string> }>();
  for (const r of rows) {
    const k = `${r.value}\u0000${r.currency}`;
    const gr = groups.get(k) ?? { value: r.value, currency: r.currency, series: new Map(), exact: new Map() };
    gr.series.set(r.day, Number(r.cost));
    gr.exact.set(r.day, r.cost);
    groups.set(k, gr);
  }
  const days: string[] = [];
  for (let d = input.from; d <= input.to; d = addDays(d, 1)) days.push(d);
  const anomalies: Anomaly[] = [];
  for (const gr of groups.values()) {
    for (const a of detect(gr.series, days, input.minDelta)) {
      anomalies.push({
        dimension: input.dimension,
        value: gr.value,
        currency: gr.currency,
        day: a.day,
        actual: gr.exact.get(a.day) ?? "0",
        expected: a.expected,
        delta: a.actual - a.expected,
        score: a.score,
        severity: severityOf(a.score, a.actual - a.expected, a.expected),
      });
    }
  }
  const rank = { high: 0, medium: 1, low: 2 };
  anomalies.sort((a, b) => rank[a.severity] - rank[b.severity] || Math.abs(b.delta) - Math.abs(a.delta));
  return { anomalies, source: src.source };
}

export const causeSchema = z.object({
  dimension: z.string().max(300),
  value: z.string().max(1000),
  currency: z.string().max(10),
  day: isoDaySchema,
  filters: z.array(filterSchema).max(30).default([]),
  limit: z.number().int().min(1).max(50).default(10),
});
export type CauseInput = z.input<typeof causeSchema>;
export type CauseRow = { resourceId: string; resourceName: string; meter: string; actual: string; expected: number; delta: number; share: number };

/**
 * Top contributors to one anomaly: each (resource, meter) of the value, its cost on the day
 * against the mean of the same weekday in the previous 4 weeks, ranked by the change.
 */
export async function anomalyCause(ctx: AnalyticsContext, raw: CauseInput): Promise<CauseRow[]> {
  const input = causeSchema.parse(raw);
  const p = new Params();
  const g = dimensionExpr(parseDimension(input.dimension), p);
  const pastDays = Array.from({ length: BASELINE_WEEKS }, (_, i) => addDays(input.day, -7 * (i + 1)));
  const dayP = p.bind(input.day, "Date");
  // resources and meters are on the fact table only; with a reporting currency pickSource converts it,
  // as the anomaly was found in converted amounts
  const src = await pickSource({ ...ctx, source: "raw" }, []);
  const sql = `SELECT ifNull(ResourceId, '') AS resourceId, any(ifNull(ResourceName, '')) AS resourceName,
  coalesce(x_SkuMeterName, SkuMeter, ChargeDescription, '') AS meter,
  sumIf(EffectiveCost, toDate(ChargePeriodStart) = ${dayP}) AS actual,
  toFloat64(sumIf(EffectiveCost, toDate(ChargePeriodStart) != ${dayP})) / ${BASELINE_WEEKS} AS expected
FROM ${src.table}
WHERE ${sliceWhere(compileSlice({ from: pastDays.at(-1) as string, to: input.day, filters: input.filters }, ctx.scope), p, [
    `${g} = ${p.bind(input.value, "String")}`,
    `BillingCurrency = ${p.bind(input.currency, "String")}`,
    `toDate(ChargePeriodStart) IN ${p.bind([input.day, ...pastDays], "Array(String)")}`,
  ])}
GROUP BY resourceId, meter ORDER BY abs(toFloat64(actual) - expected) DESC, resourceId, meter LIMIT ${p.bind(input.limit, "UInt32")}`;
  const rows = await runQuery<{ resourceId: string; resourceName: string; meter: string; actual: string; expected: number }>(ctx, {
    name: "anomalies.cause", sql, params: p, source: src.source,
  });
  const total = rows.reduce((a, r) => a + (Number(r.actual) - Number(r.expected)), 0);
  return rows.map((r) => {
    const delta = Number(r.actual) - Number(r.expected);
    return { ...r, expected: Number(r.expected), delta, share: total !== 0 ? delta / total : 0 };
  });
}

/**
 * Whether the scope of `ctx` sees cost of this dimension value in this currency on the day or in
 * its baseline weeks (an anomaly may be a drop to zero on the day itself). Checked before a
 * person records a verdict on an anomaly, so nobody can mark one outside their billing scope.
 */
export async function anomalyInScope(ctx: AnalyticsContext, a: { dimension: string; value: string; day: string; currency: string }): Promise<boolean> {
  const p = new Params();
  const src = await pickSource(ctx, [a.dimension]);
  const g = dimensionExpr(parseDimension(a.dimension), p, src);
  const sql = `SELECT count() AS n FROM ${src.table}
WHERE ${sliceWhere(compileSlice({ from: addDays(a.day, -7 * BASELINE_WEEKS), to: a.day }, ctx.scope, src), p, [
    `${g} = ${p.bind(a.value, "String")}`,
    `BillingCurrency = ${p.bind(a.currency, "String")}`,
  ])}`;
  const [row] = await runQuery<{ n: string }>({ ...ctx, cache: false }, { name: "anomalies.inScope", sql, params: p, source: src.source });
  return Number(row?.n ?? 0) > 0;
}
