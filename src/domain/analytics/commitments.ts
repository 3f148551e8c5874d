/**
 * Commitment discounts (reservations, savings plans) from FOCUS columns:
 * - utilisation = used ÷ (used + unused) effective cost, where used rows are Usage rows with
 *   CommitmentDiscountStatus 'Used' and unused rows 'Unused' (FOCUS 1.2 CommitmentDiscountStatus);
 * - coverage = commitment-covered usage ÷ (covered + on-demand usage of the services that
 *   commitments cover in the range); spot (PricingCategory 'Dynamic') is not eligible;
 * - realised savings = list − effective and contracted − effective of covered usage, and the
 *   net of it after the unused commitment cost.
 */
import type { Slice } from "./filters";
import { compiled, sliceWhere, type CompiledSlice } from "./compiled-slice";
import { Params } from "./params";
import { pickSource, runQuery, type AnalyticsContext } from "./run";

export type CoverageRow = { currency: string; covered: string; onDemandEligible: string; coverage: number | null };

const USED = "ChargeCategory = 'Usage' AND CommitmentDiscountStatus = 'Used'";
const UNUSED = "ChargeCategory = 'Usage' AND CommitmentDiscountStatus = 'Unused'";
const ON_DEMAND = "ChargeCategory = 'Usage' AND CommitmentDiscountStatus IS NULL AND ifNull(PricingCategory, 'Standard') != 'Dynamic'";

export async function commitmentCoverage(ctx: AnalyticsContext, input: Slice | CompiledSlice): Promise<CoverageRow[]> {
  const slice = compiled(input, ctx.scope);
  const src = await pickSource(ctx, [...slice.dimensions, "ServiceName", "CommitmentDiscountStatus", "PricingCategory"]);
  const p = new Params();
  const where = sliceWhere(slice, p, [], src);
  const sql = `SELECT BillingCurrency AS currency,
  sumIf(EffectiveCost, ${USED}) AS covered,
  sumIf(EffectiveCost, ${ON_DEMAND} AND ServiceName IN (SELECT DISTINCT ServiceName FROM ${src.table} WHERE ${where} AND ${USED})) AS onDemandEligible
FROM ${src.table} WHERE ${where} GROUP BY currency ORDER BY currency`;
  const rows = await runQuery<Omit<CoverageRow, "coverage">>(ctx, { name: "commitments.coverage", sql, params: p, source: src.source });
  return rows.map((r) => {
    const c = Number(r.covered);
    const t = c + Number(r.onDemandEligible);
    return { ...r, coverage: t > 0 ? c / t : null };
  });
}

export type CommitmentRow = {
  id: string;
  name: string;
  type: string;
  currency: string;
  used: string;
  unused: string;
  utilisation: number | null;
  savingsVsList: string;
  savingsVsContracted: string;
  purchased: string;
};

/** One row per commitment discount in the range. */
export async function commitmentUtilisation(ctx: AnalyticsContext, input: Slice | CompiledSlice): Promise<CommitmentRow[]> {
  const slice = compiled(input, ctx.scope);
  const src = await pickSource(ctx, [...slice.dimensions, "CommitmentDiscountId", "CommitmentDiscountName", "CommitmentDiscountType", "CommitmentDiscountStatus"]);
  const p = new Params();
  const where = sliceWhere(slice, p, ["CommitmentDiscountId IS NOT NULL"], src);
  const sql = `SELECT assumeNotNull(CommitmentDiscountId) AS id, any(ifNull(CommitmentDiscountName, '')) AS name,
  any(ifNull(CommitmentDiscountType, '')) AS type, BillingCurrency AS currency,
  sumIf(EffectiveCost, ${USED}) AS used, sumIf(EffectiveCost, ${UNUSED}) AS unused,
  sumIf(ListCost - EffectiveCost, ${USED}) AS savingsVsList, sumIf(ContractedCost - EffectiveCost, ${USED}) AS savingsVsContracted,
  sumIf(BilledCost, ChargeCategory = 'Purchase') AS purchased
FROM ${src.table} WHERE ${where} GROUP BY id, currency ORDER BY unused DESC, used DESC, id`;
  const rows = await runQuery<Omit<CommitmentRow, "utilisation">>(ctx, { name: "commitments.utilisation", sql, params: p, source: src.source });
  return rows.map((r) => {
    const u = Number(r.used);
    const t = u + Number(r.unused);
    return { ...r, utilisation: t > 0 ? u / t : null };
  });
}

export type CommitmentDaily = { day: string; currency: string; used: string; unused: string; onDemand: string };

export async function commitmentDaily(ctx: AnalyticsContext, input: Slice | CompiledSlice): Promise<CommitmentDaily[]> {
  const slice = compiled(input, ctx.scope);
  const src = await pickSource(ctx, [...slice.dimensions, "CommitmentDiscountStatus", "PricingCategory"]);
  const p = new Params();
  const sql = `SELECT toString(toDate(ChargePeriodStart)) AS day, BillingCurrency AS currency,
  sumIf(EffectiveCost, ${USED}) AS used, sumIf(EffectiveCost, ${UNUSED}) AS unused, sumIf(EffectiveCost, ${ON_DEMAND}) AS onDemand
FROM ${src.table} WHERE ${sliceWhere(slice, p, [], src)} GROUP BY day, currency ORDER BY day, currency`;
  return runQuery<CommitmentDaily>(ctx, { name: "commitments.daily", sql, params: p, source: src.source });
}

export type SavingsSummary = { currency: string; savingsVsList: string; savingsVsContracted: string; unused: string; net: string };

export async function commitmentSavings(ctx: AnalyticsContext, input: Slice | CompiledSlice): Promise<SavingsSummary[]> {
  const slice = compiled(input, ctx.scope);
  const src = await pickSource(ctx, [...slice.dimensions, "CommitmentDiscountStatus"]);
  const p = new Params();
  const sql = `SELECT BillingCurrency AS currency,
  sumIf(ListCost - EffectiveCost, ${USED}) AS savingsVsList, sumIf(ContractedCost - EffectiveCost, ${USED}) AS savingsVsContracted,
  sumIf(EffectiveCost, ${UNUSED}) AS unused, savingsVsList - unused AS net
FROM ${src.table} WHERE ${sliceWhere(slice, p, [], src)} GROUP BY currency ORDER BY currency`;
  return runQuery<SavingsSummary>(ctx, { name: "commitments.savings", sql, params: p, source: src.source });
}
