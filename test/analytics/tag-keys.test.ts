/**
 * The pickers' tag keys (costs.options, asked by every dashboard page) are counted per distinct
 * Tags value instead of parsing every row's JSON; the list and its order (most rows first, then
 * by name) stay what counting each row says, with aliases merged and the scope applied.
 * Oracle: per-row SQL over the raw fact table, written here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { freshClickHouse } from "../helpers/chdb";
import { tagKeys } from "~/domain/analytics/explorer";
import { rebuildAllRollups } from "~/domain/analytics/rollups";
import { UNRESTRICTED_SCOPE, type AnalyticsScope } from "~/domain/analytics/scope";
import { aliasMap, NO_ALIASES, setTagAliases } from "~/domain/analytics/tag-aliases";
import { insertFocusRows, type FocusRowInput } from "./focus-rows";

let ch: ClickHouseClient;
const RANGE = { from: "2026-03-01", to: "2026-03-31" };
const SCOPED: AnalyticsScope = { userId: "u", role: "viewer", rows: [{ kind: "sub_account", value: "sub-b" }] };

beforeAll(async () => {
  ({ ch } = await freshClickHouse());
  const rows: FocusRowInput[] = [];
  // key frequencies differ per sub account and per day; one key spelled two ways; rows without tags
  for (let d = 1; d <= 20; d++) {
    const day = `2026-03-${String(d).padStart(2, "0")}`;
    rows.push({ day, cost: "1.00", subAccount: "sub-a", resourceId: `r-a-${d % 3}`, tags: { env: "prod", team: "x", ...(d % 2 ? { owner: "o" } : {}) } });
    rows.push({ day, cost: "2.00", subAccount: "sub-b", resourceId: `r-b-${d % 4}`, tags: d % 5 ? { "cost-center": "c1" } : { CostCenter: "c2", app: "y" } });
    rows.push({ day, cost: "3.00", subAccount: "sub-b", resourceId: "r-b-none" });
  }
  rows.push({ day: "2026-04-02", cost: "5.00", subAccount: "sub-a", tags: { outside: "range" } });
  await insertFocusRows(ch, rows);
  await rebuildAllRollups(ch);
}, 120_000);
afterAll(async () => {
  setTagAliases(NO_ALIASES);
  await ch?.close();
});

/** Per-row count of each key over the raw table, most rows first, then by name. */
async function oracle(where: string, rename = "k"): Promise<string[]> {
  const rs = await ch.query({
    query: `SELECT key, count() AS n FROM focus_billing_data ARRAY JOIN arrayDistinct(arrayMap(k -> ${rename}, JSONExtractKeys(ifNull(Tags, '{}')))) AS key
WHERE ChargePeriodStart >= '2026-03-01 00:00:00' AND ChargePeriodStart < '2026-04-01 00:00:00' AND ${where} GROUP BY key ORDER BY n DESC, key`,
    format: "JSONEachRow",
  });
  return (await rs.json<{ key: string }>()).map((r) => r.key);
}

describe("tag keys of the pickers", () => {
  it("lists every key in range, most rows first, for an admin and a scoped user", async () => {
    setTagAliases(NO_ALIASES);
    const all = await tagKeys({ ch, scope: UNRESTRICTED_SCOPE, cache: false }, RANGE);
    expect(all).toEqual(await oracle("1 = 1"));
    expect(all).toContain("owner");
    expect(all).not.toContain("outside");
    expect(await tagKeys({ ch, scope: SCOPED, cache: false }, RANGE)).toEqual(await oracle("SubAccountId = 'sub-b'"));
  });

  it("merges aliases into the canonical key before counting", async () => {
    setTagAliases(aliasMap([{ alias: "cost-center", key: "CostCenter" }]));
    const merged = await tagKeys({ ch, scope: SCOPED, cache: false }, RANGE);
    const expected = await oracle("SubAccountId = 'sub-b'", "if(lower(k) IN ('cost-center', 'costcenter'), 'CostCenter', k)");
    expect(merged).toEqual(expected);
    expect(merged[0]).toBe("CostCenter");
  });
});
