/** Counts and totals of a run, read from its conv table (decimals stay strings). */
import type { ClickHouseClient } from "@clickhouse/client";
import type { RunTables } from "./run-tables";
import type { CurrencyTotals } from "./types";

export async function currencyTotals(ch: ClickHouseClient, t: RunTables): Promise<CurrencyTotals[]> {
  const rs = await ch.query({
    query: `SELECT ifNull(BillingCurrency, '') AS currency,
  toString(sum(ifNull(x_SourceCost, 0))) AS sourceCost,
  toString(sumIf(ifNull(BilledCost, 0), empty(_failed))) AS billedCost,
  toString(sumIf(ifNull(EffectiveCost, 0), empty(_failed))) AS effectiveCost,
  toString(sumIf(ifNull(BilledCost, 0), notEmpty(_failed))) AS quarantinedBilledCost,
  toString(sumIf(ifNull(EffectiveCost, 0), notEmpty(_failed))) AS quarantinedEffectiveCost
FROM ${t.conv} GROUP BY currency ORDER BY currency`,
    format: "JSONEachRow",
  });
  return rs.json<CurrencyTotals>();
}

export async function rowCounts(ch: ClickHouseClient, t: RunTables): Promise<{ converted: number; quarantined: number }> {
  const rs = await ch.query({ query: `SELECT count() AS c, countIf(notEmpty(_failed)) AS q FROM ${t.conv}`, format: "JSONEachRow" });
  const [r] = await rs.json<{ c: string; q: string }>();
  return { converted: Number(r?.c ?? 0), quarantined: Number(r?.q ?? 0) };
}

export async function ruleSummary(ch: ClickHouseClient, t: RunTables): Promise<{ rule: string; rows: number }[]> {
  const rs = await ch.query({
    query: `SELECT rule, count() AS rows FROM ${t.conv} ARRAY JOIN _failed AS rule GROUP BY rule ORDER BY rows DESC, rule`,
    format: "JSONEachRow",
  });
  return (await rs.json<{ rule: string; rows: string }>()).map((r) => ({ rule: r.rule, rows: Number(r.rows) }));
}

export async function fallbackSummary(ch: ClickHouseClient, t: RunTables): Promise<{ lookup: string; rows: number }[]> {
  const rs = await ch.query({
    query: `SELECT f AS lookup, count() AS rows FROM ${t.conv} ARRAY JOIN _fallbacks AS f GROUP BY f ORDER BY f`,
    format: "JSONEachRow",
  });
  return (await rs.json<{ lookup: string; rows: string }>()).map((r) => ({ lookup: r.lookup, rows: Number(r.rows) }));
}
