/**
 * Optimisation recommendations, each with the rows that justify it:
 * - unused commitment cost (CommitmentDiscountStatus 'Unused');
 * - resources that keep costing while their consumed quantity is near zero;
 * - untagged spend by sub account;
 * - coverage gaps: steady on-demand usage of services that commitments already cover, with the
 *   saving of committing to its daily floor at the discount observed on covered usage.
 */
import { commitmentUtilisation } from "./commitments";
import { dec } from "./decimal";
import { daysBetween, type Slice } from "./filters";
import { compileSlice, sliceWhere, type CompiledSlice } from "./compiled-slice";
import { heatmap } from "./heatmap";
import { Params } from "./params";
import { pickSource, runQuery, type AnalyticsContext } from "./run";

export type Evidence = { columns: string[]; rows: (string | number)[][] };
export type Recommendation = {
  kind: "unused-commitment" | "idle-resource" | "untagged-spend" | "coverage-gap";
  title: string;
  detail: string;
  currency: string;
  /** Estimated saving (or cost at stake) over the range, decimal string. */
  amount: string;
  evidence: Evidence;
};

/** Discount assumed for a coverage gap when no covered usage of the service shows one. */
export const DEFAULT_COMMITMENT_DISCOUNT = 0.3;

async function unusedCommitments(ctx: AnalyticsContext, slice: CompiledSlice): Promise<Recommendation[]> {
  const rows = (await commitmentUtilisation(ctx, slice)).filter((r) => dec.cmp(r.unused, "0") > 0);
  const top = rows.slice(0, 10);
  if (top.length === 0) return [];
  const src = await pickSource(ctx, [...slice.dimensions, "CommitmentDiscountId", "CommitmentDiscountStatus"]);
  // One query for the daily evidence of every listed commitment, split per (commitment, currency) below.
  const p = new Params();
  const sql = `SELECT CommitmentDiscountId AS id, BillingCurrency AS currency, toString(toDate(ChargePeriodStart)) AS day,
  sum(EffectiveCost) AS unused, sum(ifNull(PricingQuantity, 0)) AS quantity
FROM ${src.table} WHERE ${sliceWhere(slice, p, [
    `CommitmentDiscountId IN ${p.bind(top.map((r) => r.id), "Array(String)")}`,
    "CommitmentDiscountStatus = 'Unused'",
  ], src)} GROUP BY id, currency, day ORDER BY id, currency, day`;
  const days = await runQuery<{ id: string; currency: string; day: string; unused: string; quantity: string }>(ctx, { name: "recommendations.unusedDays", sql, params: p, source: src.source });
  const out: Recommendation[] = [];
  for (const r of top) {
    out.push({
      kind: "unused-commitment",
      title: `Unused ${r.type || "commitment"} ${r.name || r.id}`,
      detail: `Utilisation ${r.utilisation === null ? "–" : `${(r.utilisation * 100).toFixed(1)}%`}: exchange, resize or move workloads onto it.`,
      currency: r.currency,
      amount: r.unused,
      evidence: {
        columns: ["Day", "Unused effective cost", "Unused quantity"],
        rows: days.filter((d) => d.id === r.id && d.currency === r.currency).map((d) => [d.day, d.unused, d.quantity]),
      },
    });
  }
  return out;
}

async function idleResources(ctx: AnalyticsContext, slice: CompiledSlice): Promise<Recommendation[]> {
  const h = await heatmap(ctx, { from: slice.from, to: slice.to, filters: [...slice.filters], rows: "resource", measure: "quantity", limit: 200 }, slice);
  return h.rows
    .filter((r) => r.nearZeroUsage && dec.cmp(r.cost, "0") > 0)
    .slice(0, 20)
    .map((r) => ({
      kind: "idle-resource" as const,
      title: `${r.label} costs money with near-zero usage`,
      detail: `Consumed ${r.quantity} ${r.unit || "units"} in the range; check whether it is still needed, or stop/deallocate/delete it.`,
      currency: r.currency,
      amount: r.cost,
      evidence: {
        columns: ["Day", "Effective cost", `Consumed quantity (${r.unit || "units"})`],
        rows: h.cells.filter((c) => c.key === r.key && c.unit === r.unit && c.currency === r.currency).map((c) => [c.day, c.cost, c.quantity]),
      },
    }));
}

async function untaggedSpend(ctx: AnalyticsContext, slice: CompiledSlice): Promise<Recommendation[]> {
  const src = await pickSource(ctx, ["SubAccountName", "ResourceName", "tag:x", ...slice.dimensions]);
  const p = new Params();
  const untagged = "(Tags IS NULL OR Tags IN ('', '{}'))";
  const sql = `SELECT ifNull(SubAccountName, '') AS sub, BillingCurrency AS currency, sumIf(EffectiveCost, ${untagged}) AS untagged, sum(EffectiveCost) AS total
FROM ${src.table} WHERE ${sliceWhere(slice, p, ["ChargeCategory = 'Usage'"], src)} GROUP BY sub, currency HAVING untagged > 0 ORDER BY untagged DESC LIMIT 20`;
  const subs = await runQuery<{ sub: string; currency: string; untagged: string; total: string }>(ctx, { name: "recommendations.untagged", sql, params: p, source: src.source });
  if (subs.length === 0) return [];
  // One query for the top untagged resources of every listed sub account (25 per sub account and currency).
  const rp = new Params();
  const rsql = `SELECT ifNull(SubAccountName, '') AS sub, BillingCurrency AS currency, ifNull(ResourceName, ifNull(ResourceId, '(no resource)')) AS resource,
  ServiceName AS service, sum(EffectiveCost) AS cost
FROM ${src.table} WHERE ${sliceWhere(slice, rp, [
    "ChargeCategory = 'Usage'",
    untagged,
    `ifNull(SubAccountName, '') IN ${rp.bind([...new Set(subs.map((s) => s.sub))], "Array(String)")}`,
  ], src)} GROUP BY sub, currency, resource, service ORDER BY cost DESC LIMIT 25 BY sub, currency`;
  const resources = await runQuery<{ sub: string; currency: string; resource: string; service: string; cost: string }>(ctx, {
    name: "recommendations.untaggedResources",
    sql: rsql,
    params: rp,
    source: src.source,
  });
  const out: Recommendation[] = [];
  for (const s of subs) {
    const res = resources.filter((r) => r.sub === s.sub && r.currency === s.currency);
    const share = dec.ratio(s.untagged, s.total);
    out.push({
      kind: "untagged-spend",
      title: `Untagged spend in ${s.sub || "(no sub account)"}`,
      detail: `${share === null ? "–" : `${(share * 100).toFixed(1)}%`} of its usage cost has no tags, so it cannot be allocated; tag these resources or add a tag policy.`,
      currency: s.currency,
      amount: s.untagged,
      evidence: { columns: ["Resource", "Service", "Untagged effective cost"], rows: res.map((r) => [r.resource, r.service, r.cost]) },
    });
  }
  return out;
}

async function coverageGaps(ctx: AnalyticsContext, slice: CompiledSlice): Promise<Recommendation[]> {
  const src = await pickSource(ctx, ["ServiceName", "CommitmentDiscountStatus", "PricingCategory", ...slice.dimensions]);
  const p = new Params();
  const where = sliceWhere(slice, p, ["ChargeCategory = 'Usage'"], src);
  const sql = `SELECT ServiceName AS service, BillingCurrency AS currency, toString(toDate(ChargePeriodStart)) AS day,
  sumIf(EffectiveCost, CommitmentDiscountStatus IS NULL AND ifNull(PricingCategory, 'Standard') != 'Dynamic') AS onDemand,
  sumIf(ListCost, CommitmentDiscountStatus = 'Used') AS coveredList, sumIf(EffectiveCost, CommitmentDiscountStatus = 'Used') AS coveredEffective
FROM ${src.table} WHERE ${where}
  AND (ServiceCategory = 'Compute' OR ServiceName IN (SELECT DISTINCT ServiceName FROM ${src.table} WHERE ${where} AND CommitmentDiscountStatus = 'Used'))
GROUP BY service, currency, day ORDER BY service, currency, day`;
  const rows = await runQuery<{ service: string; currency: string; day: string; onDemand: string; coveredList: string; coveredEffective: string }>(ctx, {
    name: "recommendations.coverageGaps", sql, params: p, source: src.source,
  });
  const days = daysBetween(slice.from, slice.to) + 1;
  const groups = new Map<string, typeof rows>();
  for (const r of rows) groups.set(`${r.service}\u0000${r.currency}`, [...(groups.get(`${r.service}\u0000${r.currency}`) ?? []), r]);
  const out: Recommendation[] = [];
  for (const g of groups.values()) {
    const first = g[0]!;
    // the floor: on-demand cost present every day of the range (a commitment is used 24/7)
    const daily = g.map((r) => Number(r.onDemand));
    const floor = g.length >= days ? Math.min(...daily) : 0;
    if (floor <= 0) continue;
    const list = g.reduce((a, r) => a + Number(r.coveredList), 0);
    const eff = g.reduce((a, r) => a + Number(r.coveredEffective), 0);
    const observed = list > 0 ? 1 - eff / list : null;
    const rate = observed !== null && observed > 0 ? observed : DEFAULT_COMMITMENT_DISCOUNT;
    const saving = floor * days * rate;
    if (saving < 0.01) continue;
    out.push({
      kind: "coverage-gap",
      title: `Commit to ${first.service}'s steady on-demand usage`,
      detail: `On-demand cost never fell below ${floor.toFixed(2)} ${first.currency}/day. A commitment for that floor at a ${(rate * 100).toFixed(0)}% discount (${observed !== null && observed > 0 ? "observed on your covered usage" : "assumed; no covered usage to measure"}) would have saved about this much in the range.`,
      currency: first.currency,
      amount: dec.fromEstimate(saving),
      evidence: { columns: ["Day", "On-demand effective cost"], rows: g.map((r) => [r.day, r.onDemand]) },
    });
  }
  return out.sort((a, b) => dec.cmp(b.amount, a.amount)).slice(0, 10);
}

export async function recommendations(ctx: AnalyticsContext, input: Slice): Promise<Recommendation[]> {
  const slice = compileSlice(input, ctx.scope); // once for every statement below
  const parts = await Promise.all([unusedCommitments(ctx, slice), idleResources(ctx, slice), untaggedSpend(ctx, slice), coverageGaps(ctx, slice)]);
  return parts.flat();
}
