import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { heatmap } from "~/domain/analytics/heatmap";
import { UNRESTRICTED_SCOPE } from "~/domain/analytics/scope";
import type { AnalyticsContext } from "~/domain/analytics/run";
import { clickHouseWithRows, type FocusRowInput } from "./focus-rows";

/**
 * Issue 14 "Found": a storage account with two units (GB/Month and transactions) showed "–" as
 * unit and the sum of both quantities. Hand numbers, two days:
 *   st-1: GB/Month 100 + 100 = 200 GB/Month costing 2 × 4.00 = 8.00 (main unit by cost);
 *         10 Transactions 5000 + 7000 = 12000 costing 2 × 0.50 = 1.00.
 * The wrong answer is 12200 (a sum across units).
 */
const rows: FocusRowInput[] = ["2025-03-01", "2025-03-02"].flatMap((day, i) => [
  { day, cost: "4.00", resourceId: "st-1", service: "Storage Accounts", unit: "GB/Month", quantity: "100" },
  { day, cost: "0.50", resourceId: "st-1", service: "Storage Accounts", unit: "10K Transactions", quantity: i === 0 ? "5000" : "7000" },
]);

let ch: ClickHouseClient;
const ctx = (source: "auto" | "raw"): AnalyticsContext => ({ ch, scope: UNRESTRICTED_SCOPE, source, cache: false });
beforeAll(async () => {
  ch = await clickHouseWithRows(rows);
}, 60_000);
afterAll(async () => ch?.close());

describe("heatmap units", () => {
  for (const source of ["auto", "raw"] as const) {
    it(`cost rows show the main unit's quantity and every unit apart, never a sum (${source})`, async () => {
      const h = await heatmap(ctx(source), { from: "2025-03-01", to: "2025-03-02", rows: "resource", measure: "cost" });
      expect(h.rows).toHaveLength(1);
      const r = h.rows[0]!;
      expect(r.unit).toBe("GB/Month");
      expect(Number(r.quantity)).toBe(200);
      expect(Number(r.cost)).toBe(9);
      expect(r.units.map((u) => [u.unit, Number(u.quantity)])).toEqual([["GB/Month", 200], ["10K Transactions", 12000]]);
      // the day cells carry the main unit's quantity only
      expect(h.cells.map((c) => [c.day, c.unit, Number(c.quantity), Number(c.cost)])).toEqual([
        ["2025-03-01", "GB/Month", 100, 4.5],
        ["2025-03-02", "GB/Month", 100, 4.5],
      ]);
    });
  }

  it("service rows too", async () => {
    const h = await heatmap(ctx("auto"), { from: "2025-03-01", to: "2025-03-02", rows: "service", measure: "cost" });
    expect(h.rows.map((r) => [r.key, r.unit, Number(r.quantity)])).toEqual([["Storage Accounts", "GB/Month", 200]]);
    expect(h.cells.map((c) => Number(c.quantity))).toEqual([100, 100]);
  });

  it("quantity rows are one row per unit", async () => {
    const h = await heatmap(ctx("auto"), { from: "2025-03-01", to: "2025-03-02", rows: "resource", measure: "quantity" });
    expect(h.rows.map((r) => [r.unit, Number(r.quantity)]).sort()).toEqual([["10K Transactions", 12000], ["GB/Month", 200]]);
  });
});
