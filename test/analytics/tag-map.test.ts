import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { addDays } from "~/domain/analytics/filters";
import { onAnalyticsQuery, type AnalyticsContext } from "~/domain/analytics/run";
import { UNRESTRICTED_SCOPE, type AnalyticsScope } from "~/domain/analytics/scope";
import { costExplorer, dimensionValues } from "~/domain/analytics/explorer";
import { dataDays } from "~/domain/analytics/latest-day";
import { aliasMap, NO_ALIASES, setTagAliases } from "~/domain/analytics/tag-aliases";
import { clickHouseWithRows, type FocusRowInput } from "./focus-rows";

/**
 * Tag filters, tag group-bys and tag scopes on the resource rollup read its TagMap column
 * (migration 0037) instead of parsing Tags: same answers as the raw table, checked against
 * sums worked out by hand. Every day of March 2025 (31 days), EUR:
 *   r1 {env: prod, team: a} 10 · r2 {env: dev, team: b} 4 · r3 {Env: prod} 2 (other spelling) · r4 untagged 1
 */
function dataset(): FocusRowInput[] {
  const rows: FocusRowInput[] = [];
  for (let d = "2025-03-01"; d <= "2025-03-31"; d = addDays(d, 1)) {
    rows.push({ day: d, cost: "10.00", resourceId: "r1", tags: { env: "prod", team: "a" } });
    rows.push({ day: d, cost: "4.00", resourceId: "r2", tags: { env: "dev", team: "b" } });
    rows.push({ day: d, cost: "2.00", resourceId: "r3", tags: { Env: "prod" } });
    rows.push({ day: d, cost: "1.00", resourceId: "r4" });
  }
  return rows;
}

let ch: ClickHouseClient;
beforeAll(async () => {
  ch = await clickHouseWithRows(dataset());
});
afterEach(() => setTagAliases(NO_ALIASES));
afterAll(async () => {
  await ch.close();
});

const MARCH = { from: "2025-03-01", to: "2025-03-31", filters: [] };
const tagScope = (value: string): AnalyticsScope => ({ userId: "u", role: "viewer", rows: [{ kind: "tag", key: "env", value }] });

/** The explorer's rows as {group: value} and the source it read, rollup and raw alike. */
async function explore(scope: AnalyticsScope, input: Parameters<typeof costExplorer>[1], source: "auto" | "raw") {
  const ctx: AnalyticsContext = { ch, scope, source, cache: false };
  const seen = new Set<string>();
  const off = onAnalyticsQuery((q) => seen.add(q.source));
  const r = await costExplorer(ctx, input).finally(off);
  return { sources: [...seen], groups: Object.fromEntries(r.rows.map((x) => [x.group, Number(x.value)])) };
}

describe("tags read through the resource rollup's TagMap", () => {
  it.each(["auto", "raw"] as const)("group by tag:team (%s)", async (source) => {
    const r = await explore(UNRESTRICTED_SCOPE, { ...MARCH, groupBy: "tag:team" }, source);
    expect(r.sources).toEqual([source === "auto" ? "rollup" : "raw"]);
    expect(r.groups).toEqual({ a: 310, b: 124, "": 93 });
  });

  it.each(["auto", "raw"] as const)("filter tag:env in prod, and not in prod (%s)", async (source) => {
    const inProd = await explore(UNRESTRICTED_SCOPE, { ...MARCH, filters: [{ dim: "tag:env", op: "in", values: ["prod"] }] }, source);
    expect(inProd.groups).toEqual({ "": 310 });
    const notProd = await explore(UNRESTRICTED_SCOPE, { ...MARCH, filters: [{ dim: "tag:env", op: "not_in", values: ["prod"] }] }, source);
    expect(notProd.groups).toEqual({ "": 124 + 62 + 31 });
  });

  it.each(["auto", "raw"] as const)("a user scoped to env=dev sees r2 only (%s)", async (source) => {
    const r = await explore(tagScope("dev"), { ...MARCH, groupBy: "ResourceId" }, source);
    expect(r.sources).toEqual([source === "auto" ? "rollup" : "raw"]);
    expect(r.groups).toEqual({ r2: 124 });
  });

  it.each(["auto", "raw"] as const)("with the alias Env → env, r3 counts as prod (%s)", async (source) => {
    setTagAliases(aliasMap([{ alias: "Env", key: "env" }]));
    const r = await explore(tagScope("prod"), { ...MARCH, groupBy: "tag:env" }, source);
    expect(r.groups).toEqual({ prod: 310 + 62 });
  });

  it.each(["auto", "raw"] as const)("a tag-scoped user's data days and tag values (%s)", async (source) => {
    const ctx: AnalyticsContext = { ch, scope: tagScope("dev"), source, cache: false };
    expect(await dataDays(ctx)).toEqual({ first: "2025-03-01", last: "2025-03-31" });
    const values = await dimensionValues(ctx, { ...MARCH, dim: "tag:team" });
    expect(values.map((v) => [v.value, Number(v.cost)])).toEqual([["b", 124]]);
  });
});
