import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { freshClickHouse } from "../helpers/chdb";
import { insertFocusRows } from "../analytics/focus-rows";
import { runWorkbenchQuery, DEFAULT_LIMITS } from "~/domain/workbench/run";
import type { AnalyticsScope } from "~/domain/analytics/scope";

let ch: ClickHouseClient;
const subA: AnalyticsScope = { userId: "u-a", role: "analyst", rows: [{ kind: "sub_account", value: "sub-a" }] };
const teamA: AnalyticsScope = { userId: "u-t", role: "analyst", rows: [{ kind: "tag", key: "team", value: "a" }] };
const union: AnalyticsScope = { userId: "u-u", role: "analyst", rows: [{ kind: "billing_account", value: "ba-2" }, { kind: "resource_group", value: "RG-APP" }] };
const nothing: AnalyticsScope = { userId: "u-0", role: "analyst", rows: [] };

beforeAll(async () => {
  ({ ch } = await freshClickHouse());
  await insertFocusRows(ch, [
    { day: "2025-03-01", cost: "10.10", subAccount: "sub-a", tags: { team: "a" } },
    { day: "2025-03-02", cost: "20.20", subAccount: "sub-a" },
    { day: "2025-03-03", cost: "300.00", subAccount: "sub-b", tags: { team: "a" } },
    { day: "2025-03-04", cost: "4000.00", subAccount: "sub-b" },
    { day: "2025-03-05", cost: "50000.00", subAccount: "sub-c", billingAccount: "ba-2", resourceGroup: "rg-data" },
    { day: "2025-03-06", cost: "600000.00", subAccount: "sub-d", resourceGroup: "rg-other" },
  ]);
}, 60_000);
afterAll(async () => ch?.close());

/** The oracle: plain SQL over the fact table, restricted by hand to the scope's rows. */
async function oracle(where: string): Promise<{ total: string; n: number }> {
  const rs = await ch.query({ query: `SELECT toString(sum(EffectiveCost)) AS total, count() AS n FROM focus_billing_data WHERE ${where}`, format: "JSONEachRow" });
  const [r] = await rs.json<{ total: string; n: string }>();
  if (!r) throw new Error("no oracle row");
  return { total: r.total, n: Number(r.n) };
}

async function scalar(scope: AnalyticsScope, sql: string): Promise<string> {
  const r = await runWorkbenchQuery(ch, scope, sql);
  return String(r.rows[0]?.[0]);
}

/** Queries that try to see past the scope; each must return the scoped total (times `k`). */
const ATTEMPTS: [string, string, number][] = [
  ["plain", "SELECT toString(sum(EffectiveCost)) FROM focus", 1],
  ["subquery", "SELECT toString(sum(c)) FROM (SELECT EffectiveCost AS c FROM (SELECT * FROM focus))", 1],
  ["self join", "SELECT toString(sum(a.EffectiveCost)) FROM focus AS a INNER JOIN (SELECT DISTINCT ResourceId FROM focus) AS b ON a.ResourceId = b.ResourceId", 1],
  ["UNION ALL", "SELECT toString(sum(x)) FROM (SELECT EffectiveCost AS x FROM focus UNION ALL SELECT EffectiveCost FROM focus)", 2],
  ["own CTE", "WITH t AS (SELECT * FROM focus WHERE 1 = 1 OR 1 = 1) SELECT toString(sum(EffectiveCost)) FROM t", 1],
  ["CTE shadowing the view name", "WITH focus AS (SELECT * FROM focus) SELECT toString(sum(EffectiveCost)) FROM focus", 1],
  ["scalar CTE", "WITH (SELECT sum(EffectiveCost) FROM focus) AS t SELECT toString(t)", 1],
  ["arrayJoin", "SELECT toString(sum(c)) FROM (SELECT arrayJoin([EffectiveCost, EffectiveCost]) AS c FROM focus)", 2],
  ["always-true filter", "SELECT toString(sum(EffectiveCost)) FROM focus WHERE SubAccountId != 'x' OR 1", 1],
  ["quoted identifiers and aliases", 'SELECT toString(sum("f"."EffectiveCost")) FROM `focus` AS "f"', 1],
  ["comments hiding brackets", "SELECT toString(sum(EffectiveCost)) /* ) UNION ALL SELECT sum(EffectiveCost) FROM focus_billing_data ( */ FROM focus -- ) x", 1],
  ["GLOBAL IN", "SELECT toString(sum(EffectiveCost)) FROM focus WHERE SubAccountId GLOBAL IN (SELECT SubAccountId FROM focus)", 1],
  ["INTERSECT", "SELECT toString(sum(EffectiveCost)) FROM (SELECT * FROM focus INTERSECT SELECT * FROM focus)", 1],
  ["window function", "SELECT toString(max(s)) FROM (SELECT sum(EffectiveCost) OVER () AS s FROM focus)", 1],
];

describe("workbench scope", () => {
  it.each(ATTEMPTS)("a sub_account-scoped analyst sees only its rows: %s", async (_name, sql, k) => {
    const o = await oracle("SubAccountId = 'sub-a'");
    expect(o.total).toBe("30.3");
    expect(await scalar(subA, sql)).toBe(String(Number(o.total) * k));
  });

  it.each(ATTEMPTS)("a tag-scoped analyst sees only its rows: %s", async (_name, sql, k) => {
    const o = await oracle("JSONExtractString(ifNull(Tags, '{}'), 'team') = 'a'");
    expect(o.total).toBe("310.1");
    expect(await scalar(teamA, sql)).toBe(String(Number(o.total) * k));
  });

  it.each(ATTEMPTS)("a billing account + resource group (any case) scope sees the union of both: %s", async (_name, sql, k) => {
    const o = await oracle("BillingAccountId = 'ba-2' OR lower(x_ResourceGroupName) = 'rg-app'");
    expect(o.total).toBe("54330.3");
    expect(await scalar(union, sql)).toBe(String(Number(o.total) * k));
  });

  it("a scope of nothing sees no rows", async () => {
    expect(await scalar(nothing, "SELECT count() FROM focus")).toBe("0");
  });

  it("values outside the scope are not even listed", async () => {
    const r = await runWorkbenchQuery(ch, subA, "SELECT DISTINCT SubAccountId, BillingAccountId FROM focus ORDER BY 1");
    expect(r.rows).toEqual([["sub-a", "ba-1"]]);
    const o = await oracle("SubAccountId = 'sub-a'");
    expect(await scalar(subA, "SELECT count() FROM focus AS a CROSS JOIN focus AS b")).toBe(String(o.n * o.n));
  });
});

describe("workbench limits", () => {
  it("cuts the result at the row limit and says so", async () => {
    const all = await oracle("1");
    const r = await runWorkbenchQuery(ch, subA, "SELECT arrayJoin(range(1000)) AS x FROM focus", { ...DEFAULT_LIMITS, maxRows: 7 });
    expect(all.n).toBe(6);
    expect(r.rows.length).toBe(7);
    expect(r.truncated).toBe(true);
    const small = await runWorkbenchQuery(ch, subA, "SELECT 1", { ...DEFAULT_LIMITS, maxRows: 7 });
    expect(small.truncated).toBe(false);
  });

  it("cuts the result at the byte limit and says so", async () => {
    // each row `[nn]` plus its newline is 5 bytes for n = 10..99: 100 bytes hold 20 rows
    const r = await runWorkbenchQuery(ch, subA, "SELECT arrayJoin(range(10, 100)) AS x FROM focus ORDER BY x", { ...DEFAULT_LIMITS, maxResultBytes: 100 });
    expect(r.rows.length).toBe(20);
    expect(r.rows[0]).toEqual([10]);
    expect(r.truncated).toBe(true);
  });

  it("stops a query at the time limit with a readable message", async () => {
    const heavy = "SELECT count() FROM focus ARRAY JOIN range(20000) AS a ARRAY JOIN range(20000) AS b WHERE cityHash64(a, b, EffectiveCost) % 7 = 3";
    const started = Date.now();
    await expect(runWorkbenchQuery(ch, subA, heavy, { ...DEFAULT_LIMITS, maxExecutionSeconds: 1 })).rejects.toThrow(/ran longer than the workbench limit of 1 s/);
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 30_000);

  it("stops a query at the memory limit with a readable message", async () => {
    await expect(
      runWorkbenchQuery(ch, subA, "SELECT length(groupArray(range(100000))) FROM (SELECT arrayJoin(range(1000)) FROM focus)", { ...DEFAULT_LIMITS, maxMemoryBytes: 20_000_000 }),
    ).rejects.toThrow(/more memory than the workbench limit of 20 MB/);
  }, 30_000);

  it("a query stopped by a limit leaves nothing behind for the next query (embedded chDB)", async () => {
    const heavy = "SELECT count() FROM focus ARRAY JOIN range(20000) AS a ARRAY JOIN range(20000) AS b WHERE cityHash64(a, b, EffectiveCost) % 7 = 3";
    await expect(runWorkbenchQuery(ch, subA, heavy, { ...DEFAULT_LIMITS, maxExecutionSeconds: 1 })).rejects.toThrow(/ran longer/);
    expect((await runWorkbenchQuery(ch, subA, "SELECT 'next' AS x")).rows).toEqual([["next"]]);
    const hungry = "SELECT length(groupArray(range(100000))) FROM (SELECT arrayJoin(range(1000)) FROM focus)";
    await expect(runWorkbenchQuery(ch, subA, hungry, { ...DEFAULT_LIMITS, maxMemoryBytes: 20_000_000 })).rejects.toThrow(/more memory/);
    const rs = await ch.query({ query: "SELECT 'plain' AS y", format: "JSONEachRow" });
    expect(await rs.json()).toEqual([{ y: "plain" }]);
  }, 30_000);

  it("reports an engine error about the user's SQL as one line without the wrapper", async () => {
    const err = await runWorkbenchQuery(ch, subA, "SELECT NoSuchColumn FROM focus").catch((e: Error) => e);
    expect((err as Error).message).toMatch(/^The query failed: .*NoSuchColumn/);
    expect((err as Error).message).not.toMatch(/focus_billing_data|\n/);
  });
});
