/**
 * Resources (or services) × days. A cell is cost or consumed quantity; cells with cost but
 * zero/no consumed quantity are flagged, and so are rows whose usage is near zero overall.
 */
import { z } from "zod";
import { sliceDimensions, sliceSchema, whereClause } from "./filters";
import { Params } from "./params";
import { pickSource, runQuery, type AnalyticsContext } from "./run";

export const heatmapSchema = sliceSchema.extend({
  rows: z.enum(["resource", "service"]).default("resource"),
  measure: z.enum(["cost", "quantity"]).default("cost"),
  limit: z.number().int().min(1).max(200).default(40),
});
export type HeatmapInput = z.input<typeof heatmapSchema>;

export type HeatmapRow = { key: string; label: string; unit: string; currency: string; cost: string; quantity: string; nearZeroUsage: boolean };
export type HeatmapCell = { key: string; unit: string; currency: string; day: string; cost: string; quantity: string };
export type HeatmapResult = { rows: HeatmapRow[]; cells: HeatmapCell[]; source: "rollup" | "raw" };

/** A row uses "near zero" when its consumed quantity is under this share of its peak day. */
export const NEAR_ZERO_SHARE = 0.01;

export async function heatmap(ctx: AnalyticsContext, raw: HeatmapInput): Promise<HeatmapResult> {
  const input = heatmapSchema.parse(raw);
  const byResource = input.rows === "resource";
  const keyCols = [...(byResource ? ["ResourceId", "ResourceName"] : ["ServiceName"]), "ConsumedUnit", "CommitmentDiscountStatus"];
  const src = await pickSource(ctx, [...sliceDimensions(input), ...keyCols], { quantity: true });
  const key = byResource ? "assumeNotNull(ResourceId)" : "ServiceName";
  const lbl = byResource ? "any(ifNull(ResourceName, ResourceId))" : "any(ServiceName)";
  const unit = input.measure === "quantity" ? "ifNull(ConsumedUnit, '')" : "''";
  // unused commitment rows are the commitment's cost, not a resource's usage
  const usage = ["ChargeCategory = 'Usage'", "ifNull(CommitmentDiscountStatus, '') != 'Unused'"];
  const extra = byResource ? ["ResourceId IS NOT NULL", ...usage] : usage;

  const tp = new Params();
  const topSql = `SELECT ${key} AS key, ${lbl} AS label, ${unit} AS unit, BillingCurrency AS currency, sum(EffectiveCost) AS cost,
  toString(ifNull(sum(ConsumedQuantity), 0)) AS quantity
FROM ${src.table} WHERE ${whereClause(input, ctx.scope, tp, extra)}
GROUP BY key, unit, currency ORDER BY cost DESC, key LIMIT ${tp.bind(input.limit, "UInt32")}`;
  const top = await runQuery<Omit<HeatmapRow, "nearZeroUsage">>(ctx, { name: `heatmap.${input.rows}.top`, sql: topSql, params: tp, source: src.source });
  if (top.length === 0) return { rows: [], cells: [], source: src.source };

  const cp = new Params();
  const keys = [...new Set(top.map((t) => t.key))];
  const cellSql = `SELECT ${key} AS key, ${unit} AS unit, BillingCurrency AS currency, toString(toDate(ChargePeriodStart)) AS day,
  sum(EffectiveCost) AS cost, toString(ifNull(sum(ConsumedQuantity), 0)) AS quantity
FROM ${src.table} WHERE ${whereClause(input, ctx.scope, cp, [...extra, `${key} IN ${cp.bind(keys, "Array(String)")}`])}
GROUP BY key, unit, currency, day ORDER BY key, day`;
  const cells = await runQuery<HeatmapCell>(ctx, { name: `heatmap.${input.rows}.cells`, sql: cellSql, params: cp, source: src.source });

  const rowId = (c: { key: string; unit: string; currency: string }) => `${c.key}\u0000${c.unit}\u0000${c.currency}`;
  // cells grouped by row in one pass (a filter per row was quadratic: 200 rows × 6,000 cells
  // blocked the event loop for most of a second on the recommendations page)
  const byRow = new Map<string, HeatmapCell[]>(top.map((t) => [rowId(t), []]));
  const kept: HeatmapCell[] = [];
  for (const c of cells) {
    const days = byRow.get(rowId(c));
    if (!days) continue;
    days.push(c);
    kept.push(c);
  }
  const rows = top.map((t) => {
    const days = byRow.get(rowId(t)) ?? [];
    const p = days.reduce((m, d) => Math.max(m, Number(d.quantity)), 0);
    const costly = days.filter((d) => Number(d.cost) > 0);
    const idle = costly.filter((d) => Number(d.quantity) <= p * NEAR_ZERO_SHARE);
    // near zero: no usage at all while paying, or most paid days under 1 % of the peak day
    const nearZeroUsage = Number(t.cost) > 0 && (p === 0 || (costly.length > 0 && idle.length / costly.length >= 0.5));
    return { ...t, nearZeroUsage };
  });
  return { rows, cells: kept, source: src.source };
}
