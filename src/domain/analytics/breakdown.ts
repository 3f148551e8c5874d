/**
 * Hierarchical breakdowns with drill-down: each call returns one level of the hierarchy under
 * the path chosen so far (path values become IN filters), per currency.
 */
import { z } from "zod";
import { assertMetric, dimensionExpr, METRICS, METRIC_NAMES, parseDimension } from "./dimensions";
import { sliceDimensions, sliceSchema } from "./filters";
import { compileSlice, sliceWhere } from "./compiled-slice";
import { Params } from "./params";
import { pickSource, runQuery, type AnalyticsContext } from "./run";
import { originalsExpr, readOriginals, type Originals } from "../currency/convert";

export const HIERARCHIES = {
  service: ["ServiceCategory", "ServiceSubcategory", "ServiceName"],
  account: ["BillingAccountName", "SubAccountName", "x_ResourceGroupName"],
} as const;
export type Hierarchy = keyof typeof HIERARCHIES;

export const breakdownSchema = sliceSchema.extend({
  hierarchy: z.enum(["service", "account"]).default("service"),
  path: z.array(z.string().max(1000)).max(2).default([]),
  metric: z.enum(METRIC_NAMES as [string, ...string[]]).default("EffectiveCost"),
});
export type BreakdownInput = z.input<typeof breakdownSchema>;

/** `originals`: with a reporting currency, the value per original billing currency before conversion. */
export type BreakdownNode = { name: string; currency: string; value: string; children: number; originals?: Originals };
export type BreakdownResult = { level: number; column: string; leaf: boolean; nodes: BreakdownNode[]; currencies: string[]; source: "rollup" | "raw" };

export async function breakdown(ctx: AnalyticsContext, raw: BreakdownInput): Promise<BreakdownResult> {
  const input = breakdownSchema.parse(raw);
  const cols = HIERARCHIES[input.hierarchy];
  const level = input.path.length;
  const column = cols[level] as string;
  const next = cols[level + 1];
  const filters = [...input.filters, ...input.path.map((v, i) => ({ dim: cols[i] as string, op: "in" as const, values: [v] }))];
  const src = await pickSource(ctx, [...sliceDimensions({ filters }), ...cols]);
  const slice = compileSlice({ ...input, filters }, ctx.scope, src);
  const p = new Params();
  const g = dimensionExpr(parseDimension(column), p);
  const childExpr = next ? `uniqExact(${dimensionExpr(parseDimension(next), p)})` : "0";
  const originals = ctx.reportingCurrency ? `, ${originalsExpr(assertMetric(input.metric))} AS originals` : "";
  const sql = `SELECT ${g} AS name, BillingCurrency AS currency, ${METRICS[assertMetric(input.metric)]} AS value, ${childExpr} AS children${originals}
FROM ${src.table} WHERE ${sliceWhere(slice, p)}
GROUP BY name, currency ORDER BY currency, value DESC, name LIMIT 500`;
  const nodes = (await runQuery<Omit<BreakdownNode, "originals"> & { children: string | number; originals?: unknown }>(ctx, { name: `breakdown.${input.hierarchy}`, sql, params: p, source: src.source })).map(({ originals: o, ...n }) => ({
    ...n,
    children: Number(n.children),
    ...(ctx.reportingCurrency ? { originals: readOriginals(o) } : {}),
  }));
  return { level, column, leaf: !next, nodes, currencies: [...new Set(nodes.map((n) => n.currency))], source: src.source };
}
