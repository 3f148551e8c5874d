/**
 * Cost explorer: a metric over time, grouped by a column or tag, with include/exclude filters.
 * BillingCurrency is always part of the grouping: amounts in different currencies are never
 * added together.
 */
import { z } from "zod";
import { assertMetric, dimensionExpr, METRICS, METRIC_NAMES, parseDimension, tagKeysExpr } from "./dimensions";
import { sliceDimensions, sliceSchema, whereClause } from "./filters";
import { compileSlice, sliceWhere } from "./compiled-slice";
import { Params } from "./params";
import { pickSource, runQuery, type AnalyticsContext } from "./run";
import { originalsExpr, readOriginals, type Originals } from "../currency/convert";

export const GRANULARITIES = ["day", "week", "month"] as const;
export type Granularity = (typeof GRANULARITIES)[number];
export const BUCKET: Record<Granularity, string> = {
  day: "toDate(ChargePeriodStart)",
  week: "toMonday(ChargePeriodStart)",
  month: "toStartOfMonth(ChargePeriodStart)",
};

export const SORTS = ["value_desc", "value_asc", "name_asc", "name_desc"] as const;
const ORDER_BY: Record<(typeof SORTS)[number], string> = {
  value_desc: "value DESC, grp ASC",
  value_asc: "value ASC, grp ASC",
  name_asc: "grp ASC, currency ASC",
  name_desc: "grp DESC, currency ASC",
};

export const explorerSchema = sliceSchema.extend({
  granularity: z.enum(GRANULARITIES).default("day"),
  metric: z.enum(METRIC_NAMES as [string, ...string[]]).default("EffectiveCost"),
  /** A FOCUS column or tag:<key>; absent = no grouping. */
  groupBy: z.string().max(300).optional(),
  sort: z.enum(SORTS).default("value_desc"),
  page: z.number().int().min(0).max(100_000).default(0),
  pageSize: z.number().int().min(1).max(1000).default(25),
  /** Series drawn in the chart; the rest are summed into "Other". */
  topSeries: z.number().int().min(1).max(20).default(8),
});
export type ExplorerInput = z.input<typeof explorerSchema>;

export type ExplorerPoint = { period: string; currency: string; group: string; other: boolean; value: string };
export type ExplorerRow = {
  group: string;
  currency: string;
  value: string;
  billed: string;
  effective: string;
  list: string;
  contracted: string;
  /** With a reporting currency: the metric per original billing currency, before conversion. */
  originals?: Originals;
};
export type ExplorerResult = {
  source: "rollup" | "raw";
  metric: string;
  groupBy: string | null;
  currencies: string[];
  series: ExplorerPoint[];
  rows: ExplorerRow[];
  totalRows: number;
  totals: Omit<ExplorerRow, "group">[];
};

export async function costExplorer(ctx: AnalyticsContext, raw: ExplorerInput): Promise<ExplorerResult> {
  const input = explorerSchema.parse(raw);
  const metric = assertMetric(input.metric);
  const group = input.groupBy ? parseDimension(input.groupBy) : null;
  const src = await pickSource(ctx, [...sliceDimensions(input), ...(input.groupBy ? [input.groupBy] : [])]);
  const slice = compileSlice(input, ctx.scope, src);
  const metricExpr = METRICS[metric];
  const all = `sum(BilledCost) AS billed, sum(EffectiveCost) AS effective, sum(ListCost) AS list, sum(ContractedCost) AS contracted`;

  // One statement for the totals, the table page and the chart's top series (it was three, each
  // scanning the same slice): per-group sums once, then window functions over the groups.
  const gp = new Params();
  const gg = group ? dimensionExpr(group, gp, src) : "''";
  const where = sliceWhere(slice, gp);
  const offset = gp.bind(input.page * input.pageSize, "UInt32");
  // With a reporting currency, each group also carries its amounts in their billing currencies.
  const originals = ctx.reportingCurrency ? `, ${originalsExpr(metric)} AS originals` : "";
  const groupsSql = `SELECT * FROM (
  SELECT grp, currency, value, billed, effective, list, contracted${ctx.reportingCurrency ? ", originals" : ""},
    count() OVER () AS total_rows,
    row_number() OVER (ORDER BY ${ORDER_BY[input.sort]}) AS pos,
    row_number() OVER (PARTITION BY currency ORDER BY abs(value) DESC, grp) AS top_rank,
    sum(value) OVER w AS t_value, sum(billed) OVER w AS t_billed, sum(effective) OVER w AS t_effective,
    sum(list) OVER w AS t_list, sum(contracted) OVER w AS t_contracted
  FROM (SELECT ${gg} AS grp, BillingCurrency AS currency, ${metricExpr} AS value, ${all}${originals}
    FROM ${src.table} WHERE ${where} GROUP BY grp, currency)
  WINDOW w AS (PARTITION BY currency)
) WHERE (pos > ${offset} AND pos <= ${offset} + ${gp.bind(input.pageSize, "UInt32")}) OR top_rank <= ${gp.bind(input.topSeries, "UInt32")}
ORDER BY pos`;
  type GroupRow = Omit<ExplorerRow, "group" | "originals"> & { grp: string; originals?: unknown } & { total_rows: string; pos: string; top_rank: string } & Record<`t_${"value" | "billed" | "effective" | "list" | "contracted"}`, string>;
  const groups = await runQuery<GroupRow>(ctx, { name: "explorer.groups", sql: groupsSql, params: gp, source: src.source });
  const first = input.page * input.pageSize;
  const rows = groups.filter((g) => Number(g.pos) > first && Number(g.pos) <= first + input.pageSize);
  const topRows = groups.filter((g) => Number(g.top_rank) <= input.topSeries);
  const totals = [...new Map(groups.map((g) => [g.currency, g])).values()]
    .sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0))
    .map((g) => ({ currency: g.currency, value: g.t_value, billed: g.t_billed, effective: g.t_effective, list: g.t_list, contracted: g.t_contracted }));

  const sp = new Params();
  const sg = group ? dimensionExpr(group, sp, src) : "''";
  const topList = [...new Set(topRows.map((r) => r.grp))];
  const seriesSql = `SELECT toString(${BUCKET[input.granularity]}) AS period, BillingCurrency AS currency,
  (${sg}) IN ${sp.bind(topList, "Array(String)")} AS is_top, if(is_top, ${sg}, '') AS grp, ${metricExpr} AS value
FROM ${src.table} WHERE ${sliceWhere(slice, sp)} GROUP BY period, currency, is_top, grp ORDER BY period, currency, grp`;
  const series = await runQuery<{ period: string; currency: string; is_top: number | boolean; grp: string; value: string }>(ctx, {
    name: "explorer.series", sql: seriesSql, params: sp, source: src.source,
  });

  return {
    source: src.source,
    metric,
    groupBy: input.groupBy ?? null,
    currencies: totals.map((t) => t.currency),
    series: series.map((s) => ({ period: s.period, currency: s.currency, group: s.grp, other: !(s.is_top === 1 || s.is_top === true), value: s.value })),
    rows: rows.map((r) => ({
      group: r.grp, currency: r.currency, value: r.value, billed: r.billed, effective: r.effective, list: r.list, contracted: r.contracted,
      ...(ctx.reportingCurrency ? { originals: readOriginals(r.originals) } : {}),
    })),
    totalRows: Number(rows[0]?.total_rows ?? 0),
    totals,
  };
}

/** Distinct values of a dimension in a slice, for filter pickers (most costly first). */
export async function dimensionValues(ctx: AnalyticsContext, raw: { from: string; to: string; dim: string; search?: string; limit?: number }) {
  const d = parseDimension(raw.dim);
  const src = await pickSource(ctx, [raw.dim]);
  const p = new Params();
  const expr = dimensionExpr(d, p, src);
  const extra = raw.search ? [`positionCaseInsensitiveUTF8(${expr}, ${p.bind(raw.search, "String")}) > 0`] : [];
  const sql = `SELECT ${expr} AS value, sum(EffectiveCost) AS cost FROM ${src.table}
WHERE ${whereClause({ from: raw.from, to: raw.to }, ctx.scope, p, extra, src)} GROUP BY value ORDER BY abs(cost) DESC, value LIMIT ${p.bind(raw.limit ?? 200, "UInt32")}`;
  return runQuery<{ value: string; cost: string }>(ctx, { name: "explorer.values", sql, params: p, source: src.source });
}

/** Tag keys present in a range (for the group-by and filter pickers). */
export async function tagKeys(ctx: AnalyticsContext, raw: { from: string; to: string }) {
  const src = await pickSource(ctx, ["tag:x"]);
  const p = new Params();
  // JSON keys are parsed once per distinct Tags value (a few dozen), not once per row (every
  // page's pickers ask for this; parsing each row's JSON took 100-400 ms at 10M rows)
  const sql = `SELECT key, sum(c) AS n FROM (SELECT Tags, count() AS c FROM ${src.table} WHERE ${whereClause(raw, ctx.scope, p, [], src)} GROUP BY Tags)
ARRAY JOIN arrayDistinct(${tagKeysExpr(p)}) AS key GROUP BY key ORDER BY n DESC, key LIMIT 500`;
  return (await runQuery<{ key: string }>(ctx, { name: "explorer.tagKeys", sql, params: p, source: src.source })).map((r) => r.key);
}
