/**
 * A page's cold tRPC batch starts all its statements at once; each asks whether the rollups are
 * fresh (three statements over system.parts and analytics_rollup_state) and, with the result
 * cache on, for the data version (one over system.parts). Those answers are memoised for a
 * second, but the memo was only written when a reading finished, so N statements starting
 * together ran N checks (4N bookkeeping statements, one after the other in embedded chDB).
 * They now share the reading in flight. Real chDB; the statements are counted on the client.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { freshClickHouse } from "../helpers/chdb";
import { seedSyntheticFocus } from "../../scripts/bench/synthetic-focus";
import { rebuildAllRollups, refreshRollups } from "~/domain/analytics/rollups";
import { resetRollupFreshness, rollupsUsable, type PartitionRef } from "~/domain/analytics/freshness";
import { dataVersion, invalidateResultCache } from "~/domain/analytics/cache";
import { dataDays } from "~/domain/analytics/latest-day";
import { UNRESTRICTED_SCOPE } from "~/domain/analytics/scope";

let ch: ClickHouseClient;
let last = "";
let seen: string[] = [];

beforeAll(async () => {
  ({ ch } = await freshClickHouse());
  last = (await seedSyntheticFocus(ch, { rows: 20_000 })).to;
  await rebuildAllRollups(ch);
  const query = ch.query.bind(ch);
  ch.query = ((args: Parameters<ClickHouseClient["query"]>[0]) => {
    seen.push(args.query);
    return query(args);
  }) as ClickHouseClient["query"];
}, 120_000);
afterAll(async () => ch?.close());

const freshnessChecks = () => seen.filter((q) => q.includes("FROM analytics_rollup_state FINAL")).length;
const versionReadings = () => seen.filter((q) => q.includes("'fx_rates')")).length;

describe("per-request bookkeeping", () => {
  it("statements that start together share one rollup-freshness check and one data-version reading", async () => {
    resetRollupFreshness();
    invalidateResultCache();
    seen = [];
    const ctx = { ch, scope: UNRESTRICTED_SCOPE };
    // six procedures of one batch, each asking for the rollups and the data version at once
    const got = await Promise.all(Array.from({ length: 6 }, () => dataDays(ctx)));
    expect(freshnessChecks()).toBe(1);
    expect(versionReadings()).toBe(1);
    expect(seen.filter((q) => q.includes("FROM focus_daily_service")).length).toBe(6);
    expect(new Set(got.map((d) => JSON.stringify(d))).size).toBe(1);
    expect(got[0]?.last).toBe(last);
  });

  it("a refresh forgets a reading in flight: the next request reads again", async () => {
    resetRollupFreshness();
    invalidateResultCache();
    seen = [];
    const rebuild = (p: PartitionRef) => refreshRollups(ch, p);
    const checks = [rollupsUsable(ch, rebuild)];
    resetRollupFreshness();
    checks.push(rollupsUsable(ch, rebuild));
    const versions = [dataVersion(ch)];
    invalidateResultCache();
    versions.push(dataVersion(ch));
    expect(await Promise.all(checks)).toEqual([true, true]);
    await Promise.all(versions);
    expect(freshnessChecks()).toBe(2);
    expect(versionReadings()).toBe(2);
  });
});
