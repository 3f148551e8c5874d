import type { ClickHouseClient } from "@clickhouse/client";
import { compileRuleSet, type DistinctCountRule, type TableColumn } from "./rule-set";
import { assertIdentifier, ident } from "./sql";
import { tableColumns } from "./table-columns";

export type AggregateCheckResult = {
  ruleId: string;
  description: string;
  level: "MUST" | "SHOULD";
  result: "pass" | "fail" | "skipped";
  violations: number;
  details?: string;
};

type Ctx = { ch: ClickHouseClient; table: string; where: string; params: Record<string, unknown>; cols: Set<string> };

type AggregateCheck = {
  ruleId: string;
  description: string;
  level: "MUST" | "SHOULD";
  columns: string[];
  run: (ctx: Ctx) => Promise<{ violations: number; details?: string }>;
};

async function one<T>(ctx: Ctx, query: string): Promise<T> {
  const rs = await ctx.ch.query({ query, query_params: ctx.params, format: "JSONEachRow" });
  const rows = await rs.json<T>();
  return rows[0]!;
}

const c = ident;

/**
 * Σ EffectiveCost of Usage rows (Used + Unused) = Σ BilledCost of the Purchase rows, per commitment and
 * currency, over the purchases' charge periods. Only commitments whose usage rows in the table cover that
 * whole term can be checked; the others are counted as not checked. Tolerance: provider rounding of
 * amortized rows, max(0.01, 1 ppm of the purchase).
 */
const commitmentAmortization: AggregateCheck = {
  ruleId: "ABI-CommitmentDiscount-001-M",
  description:
    "Per CommitmentDiscountId, the EffectiveCost of its Usage rows (Used and Unused) MUST equal the BilledCost of its purchases " +
    "(EffectiveCost-C-012-C, DiscountHandling-A-011-C).",
  level: "MUST",
  columns: ["CommitmentDiscountId", "CommitmentDiscountStatus", "ChargeCategory", "BilledCost", "EffectiveCost", "ChargePeriodStart", "ChargePeriodEnd"],
  run: async (ctx) => {
    const t = c(ctx.table);
    // Per currency when the table has one (the spec's scenario files leave BillingCurrency out).
    const currency = ctx.cols.has("BillingCurrency") ? c("BillingCurrency") : "''";
    // Azure dates a monthly commitment payment on its billing day with a one-day charge period, though
    // it pays for the month from there: payments on the same day of consecutive months that leave gaps
    // between their periods are taken to cover one month each (else the term looked a month short).
    const start = c("ChargePeriodStart");
    const end = c("ChargePeriodEnd");
    const recurring = ctx.cols.has("ChargeFrequency") ? `countIf(${c("ChargeFrequency")} != 'Recurring') = 0` : "0";
    const monthly =
      `${recurring} AND count() > 1 AND uniqExact(toDayOfMonth(${start})) = 1 AND dateDiff('month', min(${start}), max(${start})) = count() - 1 ` +
      `AND sum(dateDiff('second', ${start}, ${end})) < dateDiff('second', min(${start}), max(${end}))`;
    const r = await one<{ violations: string; checked: string; commitments: string; examples: string[] }>(
      ctx,
      `WITH purchases AS (
         SELECT ${c("CommitmentDiscountId")} AS id, ${currency} AS cur, min(${c("ChargePeriodStart")}) AS ts,
                if(${monthly}, addMonths(max(${start}), 1), max(${end})) AS te, toDecimal256(sum(${c("BilledCost")}), 18) AS purchased
         FROM ${t} WHERE (${ctx.where}) AND ${c("ChargeCategory")} = 'Purchase' AND isNotNull(${c("CommitmentDiscountId")})
         GROUP BY id, cur),
       amortized AS (
         SELECT p.id AS id, p.cur AS cur, any(p.purchased) AS purchased,
                toDecimal256(sumIf(u.${c("EffectiveCost")}, u.${c("ChargePeriodStart")} >= p.ts AND u.${c("ChargePeriodStart")} < p.te), 18) AS used,
                countIf(isNotNull(u.${c("CommitmentDiscountId")})) > 0 AND min(u.${c("ChargePeriodStart")}) <= any(p.ts) AND max(u.${c("ChargePeriodEnd")}) >= any(p.te) AS covered
         FROM purchases AS p
         LEFT JOIN (SELECT *, ${currency} AS cur FROM ${t} WHERE (${ctx.where}) AND ${c("ChargeCategory")} = 'Usage'
                    AND ${c("CommitmentDiscountStatus")} IN ('Used', 'Unused')) AS u
           ON u.${c("CommitmentDiscountId")} = p.id AND u.cur = p.cur
         GROUP BY id, cur)
       SELECT countIf(bad) AS violations, countIf(covered) AS checked, count() AS commitments,
              groupArrayIf(5)(concat(id, if(cur = '', '', concat(' ', cur)), ': usage ', toString(used), ' vs purchases ', toString(purchased)), bad) AS examples
       FROM (SELECT *, covered AND abs(used - purchased) > greatest(toDecimal256('0.01', 18), abs(purchased) / 1000000) AS bad FROM amortized)
       SETTINGS join_use_nulls = 1`,
    );
    const details = `${r.checked} of ${r.commitments} commitments had their whole term in the data` + (r.examples.length ? `; ${r.examples.join("; ")}` : "");
    return { violations: Number(r.violations), details };
  },
};

const invoiceConsistency: AggregateCheck = {
  ruleId: "ABI-InvoiceId-001-M",
  description:
    "Each InvoiceId MUST belong to one BillingAccountId and one BillingCurrency, so Σ BilledCost per InvoiceId is an invoice total " +
    "(InvoiceId-C-007-C, BilledCost-C-007-M).",
  level: "MUST",
  columns: ["InvoiceId", "BillingAccountId", "BillingCurrency"],
  run: async (ctx) => {
    const r = await one<{ violations: string }>(
      ctx,
      `SELECT count() AS violations FROM (
         SELECT ${c("InvoiceId")} FROM ${c(ctx.table)} WHERE (${ctx.where}) AND isNotNull(${c("InvoiceId")})
         GROUP BY ${c("InvoiceId")} HAVING uniqExact(${c("BillingAccountId")}, ${c("BillingCurrency")}) > 1)`,
    );
    return { violations: Number(r.violations), details: "invoices spanning several billing accounts or currencies" };
  },
};

const periodCheck = (ruleId: string, level: "MUST" | "SHOULD", description: string, bad: string, columns: string[]): AggregateCheck => ({
  ruleId,
  description,
  level,
  columns,
  run: async (ctx) => {
    const r = await one<{ violations: string }>(ctx, `SELECT countIf(ifNull(${bad}, 0)) AS violations FROM ${c(ctx.table)} WHERE (${ctx.where})`);
    return { violations: Number(r.violations), details: "rows" };
  },
});

const ABI_AGGREGATE_CHECKS: AggregateCheck[] = [
  commitmentAmortization,
  invoiceConsistency,
  periodCheck(
    "ABI-ChargePeriod-001-M",
    "MUST",
    "ChargePeriodStart MUST be earlier than ChargePeriodEnd (inclusive start, exclusive end).",
    `NOT (${c("ChargePeriodStart")} < ${c("ChargePeriodEnd")})`,
    ["ChargePeriodStart", "ChargePeriodEnd"],
  ),
  // SHOULD only: the spec's own SaaS examples bill an "end of contract" fee whose charge period starts
  // before the billing period.
  periodCheck(
    "ABI-ChargePeriod-002-O",
    "SHOULD",
    "BillingPeriodStart SHOULD be at or before ChargePeriodStart.",
    `${c("BillingPeriodStart")} > ${c("ChargePeriodStart")}`,
    ["BillingPeriodStart", "ChargePeriodStart"],
  ),
];

function distinctCountCheck(rule: DistinctCountRule): AggregateCheck {
  return {
    ruleId: rule.id,
    description: rule.description,
    level: "MUST",
    columns: [rule.groupColumn, rule.valueColumn],
    run: async (ctx) => {
      const r = await one<{ violations: string; examples: string[] }>(
        ctx,
        `SELECT count() AS violations, groupArray(5)(toString(g)) AS examples FROM (
           SELECT ${c(rule.groupColumn)} AS g FROM ${c(ctx.table)} WHERE (${ctx.where}) AND (${rule.appliesWhen}) AND isNotNull(${c(rule.groupColumn)})
           GROUP BY g HAVING uniqExact(${c(rule.valueColumn)}) != ${rule.expectedCount})`,
      );
      const details = `${rule.groupColumn} values without exactly ${rule.expectedCount} ${rule.valueColumn}` + (r.examples.length ? `: ${r.examples.join(", ")}` : "");
      return { violations: Number(r.violations), details };
    },
  };
}

/** Dataset-level FOCUS checks the official validator skips (focus.md §3.3), run in ClickHouse. */
export async function runAggregateChecks(
  ch: ClickHouseClient,
  opts: { table: string; where?: string; params?: Record<string, unknown>; columns?: readonly TableColumn[]; focusVersion?: "1.2" | "1.3" },
): Promise<AggregateCheckResult[]> {
  assertIdentifier(opts.table, "table name");
  const columns = opts.columns ?? (await tableColumns(ch, opts.table));
  const ctx: Ctx = { ch, table: opts.table, where: opts.where ?? "1", params: opts.params ?? {}, cols: new Set(columns.map((x) => x.name)) };
  const compiled = compileRuleSet(columns, opts.focusVersion ?? "1.2");
  const checks = [...compiled.distinctCounts.map(distinctCountCheck), ...ABI_AGGREGATE_CHECKS];
  const results: AggregateCheckResult[] = [];
  for (const check of checks) {
    const base = { ruleId: check.ruleId, description: check.description, level: check.level };
    const missing = check.columns.find((name) => !ctx.cols.has(name));
    if (missing) {
      results.push({ ...base, result: "skipped", violations: 0, details: `skipped (column absent: ${missing})` });
      continue;
    }
    const { violations, details } = await check.run(ctx);
    results.push({ ...base, result: violations > 0 ? "fail" : "pass", violations, details });
  }
  return results;
}
