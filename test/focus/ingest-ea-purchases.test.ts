/**
 * Commitment purchases, refunds, exchanges and adjustments without a unit of measure (issue 10,
 * finding 2): every row loads and the billed and effective totals equal the file's. The file totals
 * are summed by ClickHouse's file() straight from the CSV, independent of the converter.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { freshClickHouse } from "../helpers/chdb";
import { ingestFiles } from "~/domain/ingest";
import { generateEaExports } from "~/domain/seed";
import { rows, FIX } from "./helpers";

let ch: ClickHouseClient;
const PURCHASES = FIX("azure-ea/EA_ActualCost_Purchases.csv");

beforeAll(async () => {
  ({ ch } = await freshClickHouse());
});

/** Σ Cost of the file, and Σ Cost of its rows that are not commitment purchases/refunds (what EffectiveCost keeps in an actual-cost file). */
async function fileTotals(file: string) {
  const [r] = await rows<{ n: string; billed: string; effective: string }>(
    ch,
    `SELECT count() AS n, toString(sum(toDecimal128(Cost, 18))) AS billed,
            toString(sumIf(toDecimal128(Cost, 18), NOT (ChargeType IN ('Purchase', 'Refund') AND PricingModel IN ('Reservation', 'SavingsPlan')))) AS effective
     FROM file({p:String}, 'CSVWithNames', 'Cost String, ChargeType String, PricingModel String') SETTINGS input_format_with_names_use_header = 1`,
    { p: `${process.cwd()}/${file}` },
  );
  return r!;
}

describe("EA actual cost with unit-less purchases, refunds and exchanges", () => {
  it("loads every row; billed and effective totals equal the file's", async () => {
    const report = await ingestFiles(ch, { sourceId: "ea-purchases", files: [PURCHASES], dataset: "ea-actual" });
    const file = await fileTotals(PURCHASES);
    expect(report.quarantine).toEqual([]);
    expect(report.rows).toEqual({ in: Number(file.n), loaded: Number(file.n), quarantined: 0, excluded: 0 });
    const [t] = await rows<{ billed: string; effective: string }>(
      ch,
      "SELECT toString(sum(BilledCost)) AS billed, toString(sum(EffectiveCost)) AS effective FROM focus_billing_data WHERE x_SourceId = 'ea-purchases'",
    );
    expect(file.billed).toBe("2197"); // by hand: 12.5 + 4.8 + 1841.5 + 730 - 615.25 - 400 + 400 + 123.45 + 99.99 + 0.01
    expect(t).toEqual({ billed: file.billed, effective: file.effective });
    expect(report.totals).toEqual([expect.objectContaining({ currency: "EUR", billedCost: file.billed, quarantinedBilledCost: "0" })]);
  });

  it("prices a unit-less purchase as quantity 1 of the commitment's own unit", async () => {
    const got = await rows(
      ch,
      `SELECT ChargeCategory, ChargeClass, CommitmentDiscountType, toString(PricingQuantity) AS pq, PricingUnit,
              toString(CommitmentDiscountQuantity) AS cdq, CommitmentDiscountUnit, toString(BilledCost) AS billed
       FROM focus_billing_data WHERE x_SourceId = 'ea-purchases' AND ChargeCategory = 'Purchase' ORDER BY ChargePeriodStart, BilledCost`,
    );
    expect(got).toEqual([
      { ChargeCategory: "Purchase", ChargeClass: null, CommitmentDiscountType: "Savings Plan", pq: "1", PricingUnit: "Units", cdq: "730", CommitmentDiscountUnit: "EUR", billed: "730" },
      { ChargeCategory: "Purchase", ChargeClass: null, CommitmentDiscountType: "Reservation", pq: "1", PricingUnit: "Units", cdq: "1", CommitmentDiscountUnit: "Units", billed: "1841.5" },
      { ChargeCategory: "Purchase", ChargeClass: "Correction", CommitmentDiscountType: "Reservation", pq: null, PricingUnit: null, cdq: null, CommitmentDiscountUnit: null, billed: "-615.25" },
      { ChargeCategory: "Purchase", ChargeClass: "Correction", CommitmentDiscountType: "Reservation", pq: null, PricingUnit: null, cdq: null, CommitmentDiscountUnit: null, billed: "-400" },
      { ChargeCategory: "Purchase", ChargeClass: null, CommitmentDiscountType: "Reservation", pq: "1", PricingUnit: "Units", cdq: "1", CommitmentDiscountUnit: "Units", billed: "400" },
      { ChargeCategory: "Purchase", ChargeClass: null, CommitmentDiscountType: "Reservation", pq: "1", PricingUnit: "Units", cdq: "1", CommitmentDiscountUnit: "Units", billed: "123.45" },
      { ChargeCategory: "Purchase", ChargeClass: null, CommitmentDiscountType: "Reservation", pq: "1", PricingUnit: "1 Reservation", cdq: "1", CommitmentDiscountUnit: "1 Reservation", billed: "99.99" },
    ]);
  });
});

describe("generated EA exports (purchases and refunds without a unit, as in real files)", () => {
  it("load every commitment purchase and refund: actual-file purchase cost = loaded purchase cost, nothing quarantined", async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-purchases-seed-"));
    const gen = await generateEaExports({ months: 12, endMonth: "2025-06", rowsPerDay: 100, seed: 1, outDir });
    const actual = gen.files.filter((f) => f.kind === "actual").map((f) => f.path);
    // Oracle: purchase and refund rows of the actual files, read straight from the CSVs.
    const [src] = await rows<{ n: string; unitless: string; s: string }>(
      ch,
      `SELECT count() AS n, countIf(UnitOfMeasure = '') AS unitless, toString(sum(toDecimal128(CostInBillingCurrency, 18))) AS s
       FROM file({p:String}, 'CSVWithNames', 'CostInBillingCurrency String, ChargeType String, PricingModel String, UnitOfMeasure String')
       WHERE ChargeType IN ('Purchase', 'Refund') AND PricingModel IN ('Reservation', 'SavingsPlan') SETTINGS input_format_with_names_use_header = 1`,
      { p: `${outDir}/EA_ActualCost_*.csv` },
    );
    expect(Number(src!.unitless)).toBe(Number(src!.n));
    expect(gen.commitments.some((c) => c.refund)).toBe(true);
    const quarantined: string[] = [];
    for (const month of [...new Set(gen.files.map((f) => f.month))]) {
      const files = gen.files.filter((f) => f.month === month).map((f) => f.path);
      const r = await ingestFiles(ch, { sourceId: "seeded", files });
      quarantined.push(...r.quarantine.map((q) => `${month} ${q.rule} ${q.rows}`));
    }
    expect(quarantined).toEqual([]);
    const [loaded] = await rows<{ n: string; s: string }>(
      ch,
      "SELECT count() AS n, toString(sum(BilledCost)) AS s FROM focus_billing_data WHERE x_SourceId = 'seeded' AND x_AmortizationClass = 'Principal'",
    );
    expect(loaded).toEqual({ n: src!.n, s: src!.s });
    expect(actual.length).toBe(12);
    fs.rmSync(outDir, { recursive: true, force: true });
  }, 300_000);
});
