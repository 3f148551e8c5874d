/**
 * Resources (or services) × days. A cell is cost or consumed quantity; cells with cost but
 * zero/no consumed quantity are flagged, and so are rows whose usage is near zero overall.
 */
import { z } from "zod";
import { sliceDimensions, sliceSchema } from "./filters";
import { compileSlice, sliceWhere, type CompiledSlice } from "./compiled-slice";
import { Params } from "./params";
import { pickSource, runQuery, type AnalyticsContext } from "./run";

export const heatmapSchema = sliceSchema.extend({
  rows: z.enum(["resource", "service"]).default("resource"),
  measure: z.enum(["cost", "quantity"]).default("cost"),
  limit: z.number().int().min(1).max(200).default(40),
});
export type HeatmapInput = z.input<typeof heatmapSchema>;

/** One unit's share of a row: quantities of different units are never added together. */
export type UnitQuantity = { unit: string; quantity: string; cost: string };
/**
 * `unit`/`quantity` are the row's main unit (the one with the most cost) and its quantity;
 * `units` lists every unit with its own quantity, main unit first.
 */
export type HeatmapRow = { key: string; label: string; unit: string; currency: string; cost: string; quantity: string; units: UnitQuantity[]; nearZeroUsage: boolean };
export type HeatmapCell = { key: string; unit: string; currency: string; day: string; cost: string; quantity: string };
export type HeatmapResult = { rows: HeatmapRow[]; cells: HeatmapCell[]; source: "rollup" | "raw" };

/** A row uses "near zero" when its consumed quantity is under this share of its peak day. */
export const NEAR_ZERO_SHARE = 0.01;

/** `pre`: the caller's slice already compiled for this input's range and filters (recommendations). */
export async function heatmap(ctx: AnalyticsContext, raw: HeatmapInput, pre?: CompiledSlice): Promise<HeatmapResult> {
  const input = heatmapSchema.parse(raw);

  const byResource = input.rows === "resource";
  const keyCols = [...(byResource ? ["ResourceId", "ResourceName"] : ["ServiceName"]), "ConsumedUnit", "CommitmentDiscountStatus"];
  const src = await pickSource(ctx, [...(pre?.dimensions ?? sliceDimensions(input)), ...keyCols], { quantity: true });
  const slice = pre ?? compileSlice(input, ctx.scope, src);
  const key = byResource ? "assumeNotNull(ResourceId)" : "ServiceName";
  const lbl = byResource ? "any(ifNull(ResourceName, ResourceId))" : "any(ServiceName)";
  // quantity cells are split per unit (one row per unit); cost rows carry their main unit's quantity
  const perUnitRows = input.measure === "quantity";
  // unused commitment rows are the commitment's cost, not a resource's usage
  const usage = ["ChargeCategory = 'Usage'", "ifNull(CommitmentDiscountStatus, '') != 'Unused'"];
  const extra = byResource ? ["ResourceId IS NOT NULL", ...usage] : usage;

  const tp = new Params();
  // inner: per key, real unit and currency; outer: per row (key[, unit], currency) with the main unit by cost
  const topSql = `SELECT key, any(label) AS label, ${perUnitRows ? "u" : "''"} AS unit, currency, sum(ucost) AS cost,
  argMax(u, (ucost, u)) AS main_unit, toString(argMax(q, (ucost, u))) AS quantity,
  arraySort(x -> (-toFloat64(x.3), x.1), groupArray((u, toString(q), ucost))) AS unit_list
FROM (SELECT ${key} AS key, ${lbl} AS label, ifNull(ConsumedUnit, '') AS u, BillingCurrency AS currency, sum(EffectiveCost) AS ucost,
  ifNull(sum(ConsumedQuantity), 0) AS q
  FROM ${src.table} WHERE ${sliceWhere(slice, tp, extra, src)} GROUP BY key, u, currency)
GROUP BY key, unit, currency ORDER BY cost DESC, key LIMIT ${tp.bind(input.limit, "UInt32")}`;
  type TopRow = Omit<HeatmapRow, "nearZeroUsage" | "units"> & { main_unit: string; unit_list: [string, string, string][] };
  const topRaw = await runQuery<TopRow>(ctx, { name: `heatmap.${input.rows}.top`, sql: topSql, params: tp, source: src.source });
  const top = topRaw.map(({ main_unit, unit_list, ...t }) => ({
    ...t,
    unit: main_unit,
    units: unit_list.map(([unit, quantity, cost]) => ({ unit, quantity, cost })),
  }));
  if (top.length === 0) return { rows: [], cells: [], source: src.source };

  const cp = new Params();
  const keys = [...new Set(top.map((t) => t.key))];
  // one unit per key (a key billed in two currencies: its costliest row's main unit)
  const keyUnit = new Map<string, string>();
  for (const t of top) if (!keyUnit.has(t.key)) keyUnit.set(t.key, t.unit);
  if (!perUnitRows) {
    for (const t of top) {
      const u = keyUnit.get(t.key) ?? t.unit;
      if (u !== t.unit) Object.assign(t, { unit: u, quantity: t.units.find((x) => x.unit === u)?.quantity ?? "0" });
    }
  }
  // a cell's quantity is its row's unit only (cost rows: the main unit of the row's key)
  const cellUnit = perUnitRows
    ? "ifNull(ConsumedUnit, '')"
    : `transform(${key}, ${cp.bind([...keyUnit.keys()], "Array(String)")}, ${cp.bind([...keyUnit.values()], "Array(String)")}, '')`;
  const cellSql = `SELECT ${key} AS key, ${perUnitRows ? "ifNull(ConsumedUnit, '')" : "''"} AS unit, BillingCurrency AS currency, toString(toDate(ChargePeriodStart)) AS day,
  sum(EffectiveCost) AS cost, toString(ifNull(sumIf(ConsumedQuantity, ifNull(ConsumedUnit, '') = ${cellUnit}), 0)) AS quantity
FROM ${src.table} WHERE ${sliceWhere(slice, cp, [...extra, `${key} IN ${cp.bind(keys, "Array(String)")}`], src)}
GROUP BY key, unit, currency, day ORDER BY key, day`;
  const cellsRaw = await runQuery<HeatmapCell>(ctx, { name: `heatmap.${input.rows}.cells`, sql: cellSql, params: cp, source: src.source });
  // cells of cost rows carry the row's main unit for their tooltip
  const cells = perUnitRows ? cellsRaw : cellsRaw.map((c) => ({ ...c, unit: keyUnit.get(c.key) ?? "" }));

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
