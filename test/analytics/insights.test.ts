import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { freshClickHouse } from "../helpers/chdb";
import { anomalyCause, detectAnomalies } from "~/domain/analytics/anomalies";
import { breakdown } from "~/domain/analytics/breakdown";
import { budgetStatus } from "~/domain/analytics/budgets";
import { commitmentCoverage, commitmentSavings, commitmentUtilisation } from "~/domain/analytics/commitments";
import { heatmap } from "~/domain/analytics/heatmap";
import { overview } from "~/domain/analytics/overview";
import { recommendations } from "~/domain/analytics/recommendations";
import { rebuildAllRollups } from "~/domain/analytics/rollups";
import { UNRESTRICTED_SCOPE } from "~/domain/analytics/scope";
import { addDays } from "~/domain/analytics/filters";
import { onAnalyticsQuery, type AnalyticsContext, type QueryLog } from "~/domain/analytics/run";
import { insertFocusRows, type FocusRowInput } from "./focus-rows";

let ch: ClickHouseClient;
const ctx = (source: "auto" | "raw" = "auto"): AnalyticsContext => ({ ch, scope: UNRESTRICTED_SCOPE, source, cache: false });
/** Runs `fn` and returns where its queries read (so "auto" vs "raw" comparisons prove the rollup was used). */
async function readFrom<T>(fn: () => Promise<T>): Promise<{ result: T; sources: QueryLog["source"][] }> {
  const seen: QueryLog[] = [];
  const off = onAnalyticsQuery((q) => seen.push(q));
  try {
    return { result: await fn(), sources: seen.map((q) => q.source) };
  } finally {
    off();
  }
}
const isWeekend = (day: string) => [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());

/**
 * 2025-01-01 … 2025-03-20, EUR, every day:
 *   vm-1  Virtual Machines, sub-a, tag env=prod: 100.00 on weekdays, 40.00 on weekends
 *   vm-2  Virtual Machines, sub-a, meter "E8 v5": 10.00 (510.00 on Wed 2025-03-12: the injected anomaly)
 *   disk-1 Storage Accounts, sub-b: 5.00 with zero consumed quantity (idle)
 *   ri-1  reservation on Virtual Machines (vm-3): used 30.00 effective (list 50, contracted 45), unused 10.00
 * Only vm-1 carries tags.
 */
function dataset(): FocusRowInput[] {
  const rows: FocusRowInput[] = [];
  const ri = { id: "ri-1", name: "VM reservation", type: "Reservation" as const };
  for (let d = "2025-01-01"; d <= "2025-03-20"; d = addDays(d, 1)) {
    rows.push({ day: d, cost: isWeekend(d) ? "40.00" : "100.00", resourceId: "vm-1", tags: { env: "prod" } });
    rows.push({ day: d, cost: d === "2025-03-12" ? "510.00" : "10.00", resourceId: "vm-2", meter: "E8 v5" });
    rows.push({ day: d, cost: "5.00", resourceId: "disk-1", service: "Storage Accounts", category: "Storage", subcategory: "Storage", subAccount: "sub-b", quantity: "0", unit: "GB/Month" });
    rows.push({ day: d, cost: "30.00", list: "50.00", contracted: "45.00", billed: "0", resourceId: "vm-3", commitment: { ...ri, status: "Used" } });
    rows.push({ day: d, cost: "10.00", list: "10.00", billed: "0", resourceId: "ri-1", commitment: { ...ri, status: "Unused" }, quantity: null });
  }
  return rows;
}

beforeAll(async () => {
  ({ ch } = await freshClickHouse());
  await insertFocusRows(ch, dataset());
  await rebuildAllRollups(ch);
}, 60_000);
afterAll(async () => ch?.close());

const march = { from: "2025-03-01", to: "2025-03-20", filters: [] };

describe("overview", () => {
  it("anchors on the last data day and adds month to date exactly", async () => {
    const o = await overview(ctx());
    expect(o?.asOf).toBe("2025-03-20");
    const k = o!.kpis[0]!;
    // vm-1 1640 + vm-2 700 + disk 100 + ri used 600 + ri unused 200
    expect(k.mtdEffective).toBe("3240");
    // savings = list − effective: only reservation usage has a list above effective: 20 × 20
    expect(k.savings).toBe("400");
    expect(k.coverage?.coverage).toBeCloseTo(600 / (600 + 1640 + 700), 10);
    expect(o!.topServices.map((s) => s.service)).toEqual(["Virtual Machines", "Storage Accounts"]);
  });
});

describe("forecast and budgets", () => {
  it("forecasts a weekday pattern to the month end exactly, with zero MAPE in the backtest", async () => {
    const s = await budgetStatus(ctx(), {
      id: "b1", name: "prod", filters: [{ dim: "tag:env", op: "in", values: ["prod"] }], amount: "2000", currency: "EUR",
      period: "monthly", metric: "EffectiveCost", thresholds: [50, 100, 150],
    });
    // 14 weekdays × 100 + 6 weekend days × 40 so far; 7 weekdays + 4 weekend days to go
    expect(s.actual).toBe("1640");
    expect(s.forecast).toEqual({ mean: "2500.00", lo: "2500.00", hi: "2500.00" });
    expect(s.variance).toBe("360");
    expect(s.forecastVariance).toBe("-500");
    expect(s.crossed).toEqual([50]);
    expect(s.forecastCrosses).toEqual([50, 100]);
    expect(s.backtest.map((b) => b.period)).toEqual(["2025-02-01", "2025-01-01"]);
    expect(s.mape).toBe(0);
    expect(s.otherCurrencies).toEqual([]);
  });

  it("gives a wider interval when the history is noisy", async () => {
    const s = await budgetStatus(ctx(), {
      id: "b2", name: "all vm", filters: [{ dim: "ServiceName", op: "in", values: ["Virtual Machines"] }], amount: "5000", currency: "EUR",
      period: "monthly", metric: "EffectiveCost", thresholds: [100],
    });
    const f = s.forecast!;
    expect(Number(f.lo)).toBeLessThan(Number(f.mean));
    expect(Number(f.hi)).toBeGreaterThan(Number(f.mean));
  });
});

describe("anomalies", () => {
  it("finds the injected spike with expected vs actual and its cause", async () => {
    const { anomalies } = await detectAnomalies(ctx(), { ...march, dimension: "ServiceName", minDelta: 10 });
    expect(anomalies).toHaveLength(1);
    const a = anomalies[0]!;
    expect([a.value, a.day, a.actual, a.expected, a.severity]).toEqual(["Virtual Machines", "2025-03-12", "650", 150, "high"]);
    const cause = await anomalyCause(ctx(), { dimension: "ServiceName", value: a.value, currency: a.currency, day: a.day });
    expect(cause[0]).toMatchObject({ resourceId: "vm-2", meter: "E8 v5", actual: "510", expected: 10, delta: 500 });
  });

  it("finds nothing on a quiet dimension", async () => {
    const { anomalies } = await detectAnomalies(ctx(), { ...march, dimension: "SubAccountName", filters: [{ dim: "SubAccountId", op: "in", values: ["sub-b"] }] });
    expect(anomalies).toEqual([]);
  });
});

describe("commitments", () => {
  it("measures utilisation, coverage and realised savings", async () => {
    for (const source of ["auto", "raw"] as const) {
      const { result, sources } = await readFrom(() => commitmentUtilisation(ctx(source), march));
      expect(result[0]).toMatchObject({ id: "ri-1", name: "VM reservation", used: "600", unused: "200", savingsVsList: "400", savingsVsContracted: "300", utilisation: 0.75 });
      expect(new Set(sources)).toEqual(new Set([source === "auto" ? "rollup" : "raw"]));
    }
    const [s] = await commitmentSavings(ctx(), march);
    expect(s).toMatchObject({ currency: "EUR", savingsVsList: "400", savingsVsContracted: "300", unused: "200", net: "200" });
    for (const source of ["auto", "raw"] as const) {
      const { result, sources } = await readFrom(() => commitmentCoverage(ctx(source), march));
      expect([result[0]?.covered, result[0]?.onDemandEligible]).toEqual(["600", "2340"]);
      expect(new Set(sources)).toEqual(new Set([source === "auto" ? "rollup" : "raw"]));
    }
  });
});

describe("breakdown and heatmap", () => {
  it("drills ServiceCategory → ServiceSubcategory → ServiceName", async () => {
    const top = await breakdown(ctx(), { ...march, hierarchy: "service" });
    expect(top.nodes.map((n) => [n.name, n.value, n.children])).toEqual([
      ["Compute", "3140", 1],
      ["Storage", "100", 1],
    ]);
    const leaf = await breakdown(ctx(), { ...march, hierarchy: "service", path: ["Compute", "Virtual Machines"] });
    expect(leaf.leaf).toBe(true);
    expect(leaf.nodes.map((n) => [n.name, n.value])).toEqual([["Virtual Machines", "3140"]]);
    const accounts = await breakdown(ctx(), { ...march, hierarchy: "account", path: ["Account ba-1"] });
    expect(accounts.nodes.map((n) => [n.name, n.value])).toEqual([["Subscription sub-a", "3140"], ["Subscription sub-b", "100"]]);
  });

  it("flags the resource that costs money with no usage", async () => {
    const h = await heatmap(ctx(), { ...march, rows: "resource", measure: "quantity" });
    const disk = h.rows.find((r) => r.key === "disk-1");
    const vm = h.rows.find((r) => r.key === "vm-1");
    expect([disk?.nearZeroUsage, disk?.cost, vm?.nearZeroUsage]).toEqual([true, "100", false]);
    expect(h.cells.filter((c) => c.key === "disk-1")).toHaveLength(20);
  });
});

describe("recommendations", () => {
  it("lists each finding with the rows that justify it", async () => {
    const recs = await recommendations(ctx(), march);
    const by = (k: string) => recs.filter((r) => r.kind === k);
    expect(by("unused-commitment").map((r) => [r.amount, r.evidence.rows.length])).toEqual([["200", 20]]);
    expect(by("idle-resource").map((r) => [r.title.split(" ")[0], r.amount])).toEqual([["disk-1", "100"]]);
    expect(by("untagged-spend").map((r) => [r.title, r.amount])).toEqual([
      ["Untagged spend in Subscription sub-a", "1500"],
      ["Untagged spend in Subscription sub-b", "100"],
    ]);
    // each sub account's evidence holds its own untagged resources (fewer than 25 here, so they add up to its amount)
    for (const r of by("untagged-spend")) {
      expect(r.evidence.rows.length).toBeGreaterThan(0);
      expect(r.evidence.rows.reduce((n, row) => n + Number(row[2]), 0)).toBe(Number(r.amount));
    }
    // floor of on-demand VM cost is 50/day (weekend vm-1 40 + vm-2 10); observed discount 1 − 30/50
    expect(by("coverage-gap").map((r) => r.amount)).toEqual(["400.00"]);
    expect(by("coverage-gap")[0]!.evidence.rows).toHaveLength(20);
  });
});
