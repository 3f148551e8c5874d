/**
 * Burn-down of each FOCUS 1.3 contract commitment (docs/contract-commitments.md):
 * - committed: ContractCommitmentCost (Spend) or ContractCommitmentQuantity in its unit (Usage);
 * - consumed to date: the ContractApplied elements of the cost rows that name the commitment
 *   (ContractCommitmentAppliedCost, or …AppliedQuantity for Usage), summed over the user's scope;
 *   a Spend commitment no cost row names (an Azure MACC: Azure exports carry no ContractApplied)
 *   burns down by the eligible billed cost: BilledCost of Usage and Purchase rows in its currency
 *   charged inside its commitment period;
 * - remaining = committed − consumed; projected at term end = consumed × term ÷ elapsed, where
 *   elapsed runs from the commitment's start to the end of the last day with cost data.
 * A user limited to grants sees only commitments that cost rows in their scope draw on, and the
 * consumption of their scope only.
 * Money stays Decimal: sums in ClickHouse Decimal(38, 18), arithmetic in BigInt (decimal.ts).
 */
import { fromScaled, toScaled, dec } from "./decimal";
import { dataDays } from "./latest-day";
import { Params } from "./params";
import { pickSource, runQuery, RAW_TABLE, type AnalyticsContext } from "./run";
import { billingScopePredicate } from "./scope";
import { addDays } from "./filters";

export type BurnDownMethod = "contract-applied" | "eligible-billed-cost" | "none";

export type ContractBurnDown = {
  contractId: string;
  commitmentId: string;
  category: "Spend" | "Usage" | string;
  type: string;
  description: string | null;
  /** BillingCurrency for Spend, ContractCommitmentUnit for Usage. */
  unit: string;
  periodStart: string;
  periodEnd: string;
  committed: string;
  consumed: string;
  remaining: string;
  /** Null before the commitment starts or when there is no cost data in its period yet. */
  projected: string | null;
  /** projected − committed: negative is a shortfall at term end, positive an overage. */
  projectedVsCommitted: string | null;
  consumedShare: number | null;
  elapsedShare: number;
  /** The end of the last day with cost data the consumption counts up to. */
  asOf: string | null;
  method: BurnDownMethod;
};

type CommitmentRow = {
  contractId: string; commitmentId: string; category: string; type: string; description: string | null; cost: string | null;
  quantity: string | null; unit: string | null; currency: string | null; periodStart: string; periodEnd: string;
};

/**
 * Every current contract commitment (the table is small: a row per commitment of a contract). Each
 * load keeps its own (source, file set), and exports are dated, so a contract can be stored by several
 * loads: the newest load that carries a contract is its current state (an amended amount, a commitment
 * dropped), docs/contract-commitments.md "Replacement".
 */
async function commitments(ctx: AnalyticsContext): Promise<CommitmentRow[]> {
  const sql = `SELECT ContractId AS contractId, ContractCommitmentId AS commitmentId, toString(ContractCommitmentCategory) AS category,
  ContractCommitmentType AS type, any(ContractCommitmentDescription) AS description, toString(any(ContractCommitmentCost)) AS cost,
  toString(any(ContractCommitmentQuantity)) AS quantity, any(ContractCommitmentUnit) AS unit, any(BillingCurrency) AS currency,
  toString(ContractCommitmentPeriodStart) AS periodStart, toString(ContractCommitmentPeriodEnd) AS periodEnd
FROM focus_contract_commitments
WHERE (ContractId, x_IngestRunId) IN (
  SELECT c.ContractId, argMax(c.x_IngestRunId, (r.started_at, c.x_IngestRunId))
  FROM focus_contract_commitments AS c
  LEFT JOIN (SELECT run_id, started_at FROM ingest_runs FINAL) AS r ON r.run_id = c.x_IngestRunId
  GROUP BY c.ContractId)
GROUP BY contractId, commitmentId, category, type, ContractCommitmentPeriodStart, ContractCommitmentPeriodEnd
ORDER BY ContractCommitmentPeriodStart, contractId, commitmentId`;
  // Not cached: the result cache is keyed by the cost tables' version, which a contract load does not change.
  return runQuery<CommitmentRow>({ ...ctx, cache: false }, { name: "contracts.commitments", sql, params: new Params(), source: "raw" });
}

type Applied = { contractId: string; commitmentId: string; cost: string; quantity: string };

/** What the cost rows in the user's scope applied to each commitment (ContractApplied elements). */
async function appliedByCommitment(ctx: AnalyticsContext): Promise<Applied[]> {
  const p = new Params();
  // Applied values may be JSON numbers or strings; the raw text is read as a Decimal, never through a float.
  const amount = (key: string) => `toDecimal128OrZero(replaceAll(JSONExtractRaw(e, '${key}'), '"', ''), 18)`;
  const sql = `SELECT JSONExtractString(e, 'ContractId') AS contractId, JSONExtractString(e, 'ContractCommitmentId') AS commitmentId,
  toString(sum(${amount("ContractCommitmentAppliedCost")})) AS cost, toString(sum(${amount("ContractCommitmentAppliedQuantity")})) AS quantity
FROM ${RAW_TABLE} ARRAY JOIN JSONExtractArrayRaw(ifNull(ContractApplied, '{}'), 'Elements') AS e
WHERE ContractApplied IS NOT NULL AND (${billingScopePredicate(ctx.scope, p)})
GROUP BY contractId, commitmentId`;
  return runQuery<Applied>(ctx, { name: "contracts.applied", sql, params: p, source: "raw" });
}

/**
 * The commitments any cost row names in ContractApplied. Which rule burns a commitment down is a
 * property of the commitment, so this is decided over every cost row (only the keys of stored
 * commitments come back, never an amount); every amount is summed over the user's scope.
 */
async function linkedCommitments(ctx: AnalyticsContext): Promise<Set<string>> {
  const sql = `SELECT DISTINCT JSONExtractString(e, 'ContractId') AS contractId, JSONExtractString(e, 'ContractCommitmentId') AS commitmentId
FROM ${RAW_TABLE} ARRAY JOIN JSONExtractArrayRaw(ifNull(ContractApplied, '{}'), 'Elements') AS e
WHERE ContractApplied IS NOT NULL`;
  const keys = await runQuery<{ contractId: string; commitmentId: string }>(ctx, { name: "contracts.linked", sql, params: new Params(), source: "raw" });
  return new Set(keys.map((k) => `${k.contractId}\n${k.commitmentId}`));
}

/** Eligible billed cost for an Azure MACC-style Spend commitment: Usage and Purchase rows in its currency and period. */
async function eligibleBilledCost(ctx: AnalyticsContext, c: CommitmentRow): Promise<string> {
  const src = await pickSource(ctx, ["BillingCurrency", "ChargeCategory"]);
  const p = new Params();
  const sql = `SELECT toString(sum(BilledCost)) AS cost FROM ${src.table}
WHERE BillingCurrency = ${p.bind(c.currency ?? "", "String")} AND ChargeCategory IN ('Usage', 'Purchase')
  AND ChargePeriodStart >= ${p.bind(c.periodStart, "DateTime")} AND ChargePeriodStart < ${p.bind(c.periodEnd, "DateTime")}
  AND (${billingScopePredicate(ctx.scope, p)})`;
  const [row] = await runQuery<{ cost: string }>(ctx, { name: "contracts.eligible", sql, params: p, source: src.source });
  return row?.cost ?? "0";
}

const seconds = (dt: string) => BigInt(Math.floor(Date.parse(`${dt.replace(" ", "T")}Z`) / 1000));

export async function contractBurnDown(ctx: AnalyticsContext): Promise<ContractBurnDown[]> {
  const list = await commitments(ctx);
  if (!list.length) return [];
  const [applied, linked, days] = await Promise.all([appliedByCommitment(ctx), linkedCommitments(ctx), dataDays(ctx)]);
  const appliedOf = new Map(applied.map((a) => [`${a.contractId}\n${a.commitmentId}`, a]));
  const asOf = days ? `${addDays(days.last, 1)} 00:00:00` : null;
  const out: ContractBurnDown[] = [];
  for (const c of list) {
    const spend = c.category === "Spend";
    const key = `${c.contractId}\n${c.commitmentId}`;
    const a = appliedOf.get(key);
    let method: BurnDownMethod = "none";
    let consumed = "0";
    if (linked.has(key)) {
      method = "contract-applied";
      consumed = (spend ? a?.cost : a?.quantity) ?? "0";
    } else if (spend && c.currency) {
      method = "eligible-billed-cost";
      consumed = await eligibleBilledCost(ctx, c);
    }
    // A user limited to grants sees only the commitments their billing scope draws on.
    if (ctx.scope.rows !== "all" && !a && dec.cmp(consumed, "0") === 0) continue;
    const committed = (spend ? c.cost : c.quantity) ?? "0";
    const start = seconds(c.periodStart);
    const end = seconds(c.periodEnd);
    const now = asOf ? seconds(asOf) : start;
    const elapsed = (now < start ? start : now > end ? end : now) - start;
    const projectedScaled = elapsed > 0n ? (toScaled(consumed) * (end - start)) / elapsed : null;
    const projected = projectedScaled === null ? null : fromScaled(projectedScaled);
    out.push({
      contractId: c.contractId,
      commitmentId: c.commitmentId,
      category: c.category,
      type: c.type,
      description: c.description,
      unit: (spend ? c.currency : c.unit) ?? "",
      periodStart: c.periodStart,
      periodEnd: c.periodEnd,
      committed: dec.add(committed),
      consumed: dec.add(consumed),
      remaining: dec.sub(committed, consumed),
      projected,
      projectedVsCommitted: projected === null ? null : dec.sub(projected, committed),
      consumedShare: dec.ratio(consumed, committed),
      elapsedShare: end > start ? Number((elapsed * 1_000_000n) / (end - start)) / 1_000_000 : 1,
      asOf,
      method,
    });
  }
  return out;
}
