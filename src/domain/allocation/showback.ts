/**
 * Showback reads: per team and month, direct + allocated = total, within the reader's billing
 * scope. Results rows keep the scope columns of the fact rows they came from, so the scope
 * predicate is the same one every dashboard uses: a scoped reader sees direct cost of rows in
 * scope and the shares of pool rows in scope; shares of pool cost outside the scope are not shown.
 */
import { billingScopePredicate } from "../analytics/scope";
import { Params } from "../analytics/params";
import type { AnalyticsContext } from "../analytics/run";
import { RESULTS_TABLE } from "./compute";
import type { ExportTable } from "../analytics/export/table";

export type ShowbackRow = { month: string; team: string; currency: string; direct: string; allocated: string; total: string };
export type ShowbackContribution = { ruleId: string; ruleName: string; ruleVersion: number; currency: string; allocated: string };

async function rows<T>(ctx: AnalyticsContext, sql: string, p: Params): Promise<T[]> {
  const rs = await ctx.ch.query({ query: sql, query_params: p.values, format: "JSONEachRow" });
  return rs.json<T>();
}

export async function showback(ctx: AnalyticsContext, r: { from: string; to: string; team?: string }): Promise<ShowbackRow[]> {
  const p = new Params();
  const team = r.team === undefined ? "1 = 1" : `team = ${p.bind(r.team, "String")}`;
  const sql = `SELECT toString(month) AS mon, team, BillingCurrency AS currency,
  toString(sumIf(cost, kind = 'direct')) AS direct, toString(sumIf(cost, kind = 'allocated')) AS allocated, toString(sum(cost)) AS total
FROM ${RESULTS_TABLE}
WHERE month >= ${p.bind(r.from, "Date")} AND month <= ${p.bind(r.to, "Date")} AND (${team}) AND (${billingScopePredicate(ctx.scope, p)})
GROUP BY month, mon, team, currency ORDER BY month, currency, sum(cost) DESC, team`;
  return (await rows<Omit<ShowbackRow, "month"> & { mon: string }>(ctx, sql, p)).map(({ mon, ...r }) => ({ month: mon, ...r }));
}

/** The rules whose pools gave a team allocated cost in a month (the drill-down). */
export async function showbackContributions(ctx: AnalyticsContext, r: { month: string; team: string }): Promise<ShowbackContribution[]> {
  const p = new Params();
  const sql = `SELECT rule_id AS ruleId, rule_name AS ruleName, rule_version AS ruleVersion, BillingCurrency AS currency, toString(sum(cost)) AS allocated
FROM ${RESULTS_TABLE}
WHERE month = ${p.bind(r.month, "Date")} AND team = ${p.bind(r.team, "String")} AND kind = 'allocated' AND (${billingScopePredicate(ctx.scope, p)})
GROUP BY ruleId, ruleName, ruleVersion, currency ORDER BY currency, sum(cost) DESC, ruleName`;
  return (await rows<ShowbackContribution & { ruleVersion: number | string }>(ctx, sql, p)).map((c) => ({ ...c, ruleVersion: Number(c.ruleVersion) }));
}

/**
 * The showback export (CSV/XLSX). ABI has no FOCUS row export, so the FOCUS 1.3 allocation
 * columns are filled here, one row per (month, team, currency, rule): AllocatedMethodId names the
 * rule version, AllocatedMethodDetails carries the team's ratio of the pool's cost in the
 * FOCUS Elements shape, AllocatedResourceId/Name is the team, AllocatedTags the team tag.
 */
export async function showbackExport(ctx: AnalyticsContext, r: { from: string; to: string; teamKey: string }): Promise<ExportTable> {
  const p = new Params();
  // the range and scope are bound once and read by both the pool totals and the rows
  const from = p.bind(r.from, "Date");
  const to = p.bind(r.to, "Date");
  const scope = billingScopePredicate(ctx.scope, p);
  const sql = `SELECT toString(r.month) AS mon, team, r.BillingCurrency AS currency, kind, r.rule_id AS rule_id, rule_name, rule_version, toString(sum(r.cost)) AS cost,
  toString(any(pool_total)) AS pool_total
FROM ${RESULTS_TABLE} AS r
LEFT JOIN (SELECT month, rule_id, BillingCurrency, sum(cost) AS pool_total FROM ${RESULTS_TABLE}
  WHERE kind = 'allocated' AND month >= ${from} AND month <= ${to} AND (${scope}) GROUP BY month, rule_id, BillingCurrency) AS t
  ON t.month = r.month AND t.rule_id = r.rule_id AND t.BillingCurrency = r.BillingCurrency
WHERE r.month >= ${from} AND r.month <= ${to} AND (${scope})
GROUP BY r.month, mon, team, currency, kind, r.rule_id, rule_name, rule_version ORDER BY mon, currency, team, kind DESC, rule_name`;
  const data = await rows<{ mon: string; team: string; currency: string; kind: string; rule_id: string; rule_name: string; rule_version: number; cost: string; pool_total: string }>(ctx, sql, p);
  const columns = ["BillingPeriodStart", "Team", "BillingCurrency", "CostKind", "EffectiveCost", "AllocatedMethodId", "AllocatedMethodDetails", "AllocatedResourceId", "AllocatedResourceName", "AllocatedTags", "x_AllocationRuleName"];
  return {
    name: "Showback",
    columns,
    rows: data.map((d) => {
      const allocated = d.kind === "allocated";
      const ratio = allocated && Number(d.pool_total) !== 0 ? Number(d.cost) / Number(d.pool_total) : null;
      return [
        d.mon, d.team, d.currency, d.kind, d.cost,
        allocated ? `${d.rule_id}:v${d.rule_version}` : null,
        allocated ? JSON.stringify({ Elements: [{ AllocatedRatio: ratio === null ? null : Number(ratio.toFixed(10)) }] }) : null,
        allocated ? d.team : null,
        allocated ? d.team : null,
        allocated ? JSON.stringify({ [r.teamKey]: d.team }) : null,
        allocated ? d.rule_name : null,
      ];
    }),
  };
}
