/**
 * Showback computation in ClickHouse (docs/allocation.md). For one month:
 *  - every fact row in the month is claimed by the first rule whose pool it matches (rules in
 *    order), or else is direct cost of its team (the normalised team tag's value, or
 *    "(unassigned)");
 *  - each pool, per currency and per billing-scope group of its rows, is split over teams by
 *    the rule's weights (fixed percentages, or the teams' direct cost in that month and
 *    currency) with Decimal arithmetic and the largest-remainder rule to the cent:
 *    every part is first rounded down to the cent; the whole cents left over go one each to the
 *    parts with the largest dropped fractions (ties: team name); the part ranked first also takes
 *    the sub-cent rest of the pool. So the parts sum exactly to the pool.
 * Results go to allocation_results, replaced per month partition atomically.
 */
import crypto from "node:crypto";
import type { ClickHouseClient } from "@clickhouse/client";
import { dimensionExpr, parseDimension, tagValueExpr } from "../analytics/dimensions";
import { Params } from "../analytics/params";
import { RAW_TABLE } from "../analytics/run";
import { UNASSIGNED_TEAM, type Pool } from "./definition";
import type { EffectiveRule } from "./rules-store";

export const RESULTS_TABLE = "allocation_results";

const SCOPE_COLS = "BillingAccountId, SubAccountId, x_ResourceGroupName, Tags";

export function nextMonth(month: string): string {
  const d = new Date(`${month}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

function poolPredicate(pool: Pool, teamExpr: string, p: Params): string {
  const filters =
    pool.kind === "subscription" ? [{ dim: "SubAccountId", op: "in" as const, values: [pool.value] }]
    : pool.kind === "service" ? [{ dim: "ServiceName", op: "in" as const, values: [pool.value] }]
    : pool.kind === "filter" ? pool.filters
    : [];
  if (pool.kind === "untagged") return `${teamExpr} = ''`;
  return filters.map((f) => `${dimensionExpr(parseDimension(f.dim), p)} ${f.op === "in" ? "IN" : "NOT IN"} ${p.bind(f.values, "Array(String)")}`).map((x) => `(${x})`).join(" AND ");
}

/** The INSERT … SELECT that fills `target` with one month's results. */
export function allocationSql(target: string, month: string, teamKey: string, rules: EffectiveRule[]): { sql: string; params: Params } {
  const p = new Params();
  const m = p.bind(month, "Date");
  const teamExpr = tagValueExpr(teamKey, p);
  const poolIdx = rules.length === 0 ? "-1" : `multiIf(${rules.map((r, i) => `${poolPredicate(r.definition.pool, teamExpr, p)}, ${i}`).join(", ")}, -1)`;
  const unassigned = p.bind(UNASSIGNED_TEAM, "String");

  // fixed weights: (rule index, team, percent) as three bound arrays
  const fixed = rules.flatMap((r, i) => (r.definition.method === "fixed" ? r.definition.shares.map((s) => ({ i, team: s.team, w: s.percent })) : []));
  const prop = rules.flatMap((r, i) => (r.definition.method === "proportional" ? [i] : []));
  const fixedW = `SELECT toInt32(f.t.1) AS pool_idx, c.cur AS cur, f.t.2 AS team, toDecimal128(f.t.3, 18) AS w
    FROM (SELECT arrayJoin(arrayZip(${p.bind(fixed.map((f) => String(f.i)), "Array(String)")}, ${p.bind(fixed.map((f) => f.team), "Array(String)")}, ${p.bind(fixed.map((f) => f.w), "Array(String)")})) AS t) AS f
    CROSS JOIN (SELECT DISTINCT cur FROM base) AS c`;
  const propW = `SELECT toInt32(i.idx) AS pool_idx, d.cur AS cur, d.team AS team, d.w AS w
    FROM (SELECT arrayJoin(${p.bind(prop.map(String), "Array(String)")}) AS idx) AS i
    CROSS JOIN (SELECT cur, team, sum(cost) AS w FROM base WHERE pool_idx = -1 AND team != ${unassigned} GROUP BY cur, team HAVING w > 0) AS d`;
  const ruleMeta = (field: "id" | "name" | "version") => `arrayElement(${p.bind(rules.map((r) => String(r[field])), "Array(String)")}, pool_idx + 1)`;

  const sql = `INSERT INTO ${target} (month, team, BillingCurrency, kind, rule_id, rule_name, rule_version, cost, ${SCOPE_COLS})
WITH base AS (
  SELECT BillingCurrency AS cur, ${SCOPE_COLS}, ${poolIdx} AS pool_idx, if(${teamExpr} = '', ${unassigned}, ${teamExpr}) AS team, sum(EffectiveCost) AS cost
  FROM ${RAW_TABLE}
  WHERE ChargePeriodStart >= toDateTime(${m}) AND ChargePeriodStart < toDateTime(${p.bind(nextMonth(month), "Date")})
  GROUP BY cur, ${SCOPE_COLS}, pool_idx, team
),
weights AS (${fixedW} UNION ALL ${propW}),
pools AS (
  SELECT pool_idx, cur, ${SCOPE_COLS}, sum(cost) AS pool FROM base WHERE pool_idx >= 0 GROUP BY pool_idx, cur, ${SCOPE_COLS}
),
parts AS (
  SELECT pools.pool_idx AS pool_idx, pools.cur AS cur, ${SCOPE_COLS.split(", ").map((c) => `pools.${c} AS ${c}`).join(", ")}, pools.pool AS pool,
    if(weights.team = '', ${unassigned}, weights.team) AS team,
    sum(weights.w) OVER g AS wsum,
    if(wsum = 0, toDecimal256(pool, 18) * toDecimal256(1, 18), toDecimal256(pool, 18) * toDecimal256(weights.w, 18) / toDecimal256(wsum, 18)) AS exact,
    toDecimal256(floor(exact, 2), 18) AS floored,
    exact - floored AS dropped
  FROM pools LEFT JOIN weights ON weights.pool_idx = pools.pool_idx AND weights.cur = pools.cur
  WINDOW g AS (PARTITION BY pools.pool_idx, pools.cur, ${SCOPE_COLS.split(", ").map((c) => `pools.${c}`).join(", ")})
),
ranked AS (
  SELECT *, toDecimal256(toDecimal256(pool, 18) - sum(floored) OVER g, 18) AS rest, toUInt64(floor(rest * 100)) AS cents,
    row_number() OVER (PARTITION BY pool_idx, cur, ${SCOPE_COLS} ORDER BY dropped DESC, team ASC) AS rnk
  FROM parts
  WINDOW g AS (PARTITION BY pool_idx, cur, ${SCOPE_COLS})
)
SELECT ${m}, team, cur, 'direct', '', '', 0, cost, ${SCOPE_COLS} FROM base WHERE pool_idx = -1
UNION ALL
SELECT ${m}, team, cur, 'allocated', ${ruleMeta("id")}, ${ruleMeta("name")}, toUInt32(${ruleMeta("version")}),
  toDecimal128(floored + if(rnk <= cents, toDecimal256('0.01', 18), toDecimal256(0, 18)) + if(rnk = 1, toDecimal256(rest - toDecimal256(cents, 18) / 100, 18), toDecimal256(0, 18)), 18),
  ${SCOPE_COLS}
FROM ranked`;
  return { sql, params: p };
}

/** Recomputes one month: build into a scratch copy, then swap the month's partition in (or drop it). */
export async function recomputeMonth(ch: ClickHouseClient, month: string, teamKey: string, rules: EffectiveRule[]): Promise<void> {
  const scratch = `${RESULTS_TABLE}_build_${crypto.randomBytes(6).toString("hex")}`;
  await ch.command({ query: `CREATE TABLE ${scratch} AS ${RESULTS_TABLE}` });
  try {
    const { sql, params } = allocationSql(scratch, month, teamKey, rules);
    await ch.command({ query: sql, query_params: params.values });
    const rs = await ch.query({ query: `SELECT count() AS n FROM ${scratch}`, format: "JSONEachRow" });
    const [{ n }] = (await rs.json<{ n: string }>()) as [{ n: string }];
    if (Number(n) === 0) await ch.command({ query: `ALTER TABLE ${RESULTS_TABLE} DROP PARTITION {m:Date}`, query_params: { m: month } });
    else await ch.command({ query: `ALTER TABLE ${RESULTS_TABLE} REPLACE PARTITION {m:Date} FROM ${scratch}`, query_params: { m: month } });
  } finally {
    await ch.command({ query: `DROP TABLE IF EXISTS ${scratch}` });
  }
}

/** Months (YYYY-MM-01) with fact data or results, from `from` on. */
export async function monthsFrom(ch: ClickHouseClient, from: string): Promise<string[]> {
  const rs = await ch.query({
    query: `SELECT DISTINCT m FROM (
      SELECT toString(toStartOfMonth(ChargePeriodStart)) AS m FROM ${RAW_TABLE} WHERE ChargePeriodStart >= toDateTime({f:Date})
      UNION ALL SELECT toString(month) AS m FROM ${RESULTS_TABLE} WHERE month >= {f:Date}) ORDER BY m`,
    query_params: { f: from },
    format: "JSONEachRow",
  });
  return (await rs.json<{ m: string }>()).map((r) => r.m);
}
