/** Counts and totals of a run, read from the small tables the conversion's views filled (decimals stay strings). */
import type { ClickHouseClient } from "@clickhouse/client";
import type { RunTables } from "./run-tables";
import type { CurrencyTotals } from "./types";

export async function currencyTotals(ch: ClickHouseClient, t: RunTables): Promise<CurrencyTotals[]> {
  const rs = await ch.query({
    query: `SELECT currency,
  toString(sum(source_cost)) AS sourceCost,
  toString(sumIf(billed_cost, ok)) AS billedCost,
  toString(sumIf(effective_cost, ok)) AS effectiveCost,
  toString(sumIf(billed_cost, NOT ok)) AS quarantinedBilledCost,
  toString(sumIf(effective_cost, NOT ok)) AS quarantinedEffectiveCost
FROM ${t.stats} GROUP BY currency ORDER BY currency`,
    format: "JSONEachRow",
  });
  return rs.json<CurrencyTotals>();
}

export async function rowCounts(ch: ClickHouseClient, t: RunTables): Promise<{ converted: number; quarantined: number }> {
  const rs = await ch.query({ query: `SELECT sum(rows) AS c, sumIf(rows, NOT ok) AS q FROM ${t.stats}`, format: "JSONEachRow" });
  const [r] = await rs.json<{ c: string; q: string }>();
  return { converted: Number(r?.c ?? 0), quarantined: Number(r?.q ?? 0) };
}

/** Converted (selected) rows per file index. */
export async function convertedPerFile(ch: ClickHouseClient, t: RunTables): Promise<Map<number, number>> {
  const rs = await ch.query({ query: `SELECT _file AS f, sum(rows) AS n FROM ${t.stats} GROUP BY _file`, format: "JSONEachRow" });
  return new Map((await rs.json<{ f: number; n: string }>()).map((r) => [Number(r.f), Number(r.n)]));
}

/** Converted rows per file and commitment kind (see approximations in plan.ts). */
export async function commitCounts(ch: ClickHouseClient, t: RunTables): Promise<{ file: number; commit: string; rows: number }[]> {
  const rs = await ch.query({ query: `SELECT _file AS f, commit, sum(rows) AS n FROM ${t.stats} WHERE commit != '' GROUP BY f, commit`, format: "JSONEachRow" });
  return (await rs.json<{ f: number; commit: string; n: string }>()).map((r) => ({ file: Number(r.f), commit: r.commit, rows: Number(r.n) }));
}

/** Earliest billing month of any converted row ('1970-01-01' when none has one). */
export async function firstMonth(ch: ClickHouseClient, t: RunTables): Promise<string> {
  const rs = await ch.query({ query: `SELECT toString(min(min_month)) AS m FROM ${t.stats} WHERE min_month IS NOT NULL`, format: "JSONEachRow" });
  const m = (await rs.json<{ m: string }>())[0]?.m;
  return m && m !== "1970-01-01" ? m : "1970-01-01";
}

export async function ruleSummary(ch: ClickHouseClient, t: RunTables): Promise<{ rule: string; rows: number }[]> {
  const rs = await ch.query({
    query: `SELECT rule, count() AS rows FROM ${t.failed} ARRAY JOIN _failed AS rule GROUP BY rule ORDER BY rows DESC, rule`,
    format: "JSONEachRow",
  });
  return (await rs.json<{ rule: string; rows: string }>()).map((r) => ({ rule: r.rule, rows: Number(r.rows) }));
}

export async function fallbackSummary(ch: ClickHouseClient, t: RunTables): Promise<{ lookup: string; rows: number }[]> {
  const rs = await ch.query({
    query: `SELECT lookup, sum(rows) AS rows FROM ${t.fallbacks} GROUP BY lookup ORDER BY lookup`,
    format: "JSONEachRow",
  });
  return (await rs.json<{ lookup: string; rows: string }>()).map((r) => ({ lookup: r.lookup, rows: Number(r.rows) }));
}
