import { beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { freshClickHouse } from "../helpers/chdb";
import { ingestFiles, validationReport, IngestInputError } from "~/domain/ingest";
import { rows, FIX } from "./helpers";

let ch: ClickHouseClient;
const ACTUAL = FIX("azure-ea/EA_ActualCost_Small.csv");
const AMORTIZED = FIX("azure-ea/EA_AmortizedCost_Small.csv");

beforeAll(async () => {
  ({ ch } = await freshClickHouse());
});

/** Σ of the source Cost column as ClickHouse reads it (exact decimal). */
async function sourceSum(file: string, where = "1"): Promise<string> {
  const [r] = await rows<{ s: string }>(
    ch,
    `SELECT toString(sum(toDecimal128(Cost, 18))) AS s FROM file({p:String}, 'CSVWithNames', 'Cost String, ChargeType String, PricingModel String') WHERE ${where} SETTINGS input_format_with_names_use_header = 1`,
    { p: `${process.cwd()}/${file}` },
  );
  return r!.s;
}

async function loadedTotals(sourceId: string) {
  const [r] = await rows<{ n: string; billed: string; effective: string }>(
    ch,
    "SELECT count() AS n, toString(sum(BilledCost)) AS billed, toString(sum(EffectiveCost)) AS effective FROM focus_billing_data WHERE x_SourceId = {s:String}",
    { s: sourceId },
  );
  return r!;
}

describe("EA actual + amortized fixtures", () => {
  it("loads amortized rows plus the actual RI purchase, conserving cost exactly", async () => {
    const report = await ingestFiles(ch, { sourceId: "ea-both", files: [ACTUAL, AMORTIZED] });
    expect(report.dataset).toBe("ea-actual+ea-amortized");
    expect(report.rows).toEqual({ in: 39, loaded: 29, quarantined: 0, excluded: 10 });
    expect(report.rows.in).toBe(report.rows.loaded + report.rows.quarantined + report.rows.excluded);
    expect(report.months).toEqual(["2023-09-01"]);
    const amortizedTotal = await sourceSum(AMORTIZED);
    const purchase = await sourceSum(ACTUAL, "ChargeType = 'Purchase'");
    expect(purchase).toBe("3.25");
    const [usd] = report.totals;
    expect(usd?.currency).toBe("USD");
    // sourceCost = amortized rows + the actual purchase; effective = amortized; billed = source - commitment usage
    const [chk] = await rows<{ src: number; eff: number; billed: number }>(
      ch,
      `SELECT toDecimal128({src:String}, 18) = toDecimal128({a:String}, 18) + toDecimal128({p:String}, 18) AS src,
              toDecimal128({eff:String}, 18) = toDecimal128({a:String}, 18) AS eff,
              toDecimal128({billed:String}, 18) = toDecimal128({src:String}, 18) - toDecimal128('0.499152000468', 18) AS billed`,
      { src: usd!.sourceCost, a: amortizedTotal, p: purchase, eff: usd!.effectiveCost, billed: usd!.billedCost },
    );
    expect(chk).toEqual({ src: 1, eff: 1, billed: 1 });
    const t = await loadedTotals("ea-both");
    expect(t.n).toBe("29");
    expect(t.billed).toBe(usd!.billedCost);
    expect(t.effective).toBe(usd!.effectiveCost);
  });

  it("maps chosen columns the FOCUS way", async () => {
    const [purchase] = await rows(
      ch,
      `SELECT ChargeCategory, ChargeFrequency, toString(BilledCost) AS billed, toString(EffectiveCost) AS eff, CommitmentDiscountType,
              CommitmentDiscountCategory, PricingCategory, x_AmortizationClass, BillingAccountType, SubAccountId, RegionId, ResourceType
       FROM focus_billing_data WHERE x_SourceId = 'ea-both' AND ChargeCategory = 'Purchase'`,
    );
    expect(purchase).toMatchObject({
      ChargeCategory: "Purchase", ChargeFrequency: "Recurring", billed: "3.25", eff: "0", CommitmentDiscountType: "Reservation",
      CommitmentDiscountCategory: "Usage", PricingCategory: "Standard", x_AmortizationClass: "Principal", BillingAccountType: "Billing Account",
      SubAccountId: "/subscriptions/1caaa5a3-2b66-438e-8ab4-bce37d518c5d", RegionId: "uksouth", ResourceType: "Reservation",
    });
    const [sp] = await rows(
      ch,
      `SELECT toString(BilledCost) AS billed, toString(EffectiveCost) AS eff, CommitmentDiscountStatus, CommitmentDiscountType, PricingCategory,
              ChargePeriodStart, ChargePeriodEnd, BillingPeriodStart, BillingPeriodEnd, Tags, PricingUnit, ServiceName, ServiceCategory
       FROM focus_billing_data WHERE x_SourceId = 'ea-both' AND CommitmentDiscountType = 'Savings Plan'`,
    );
    expect(sp).toMatchObject({
      billed: "0", eff: "0.006000000468", CommitmentDiscountStatus: "Used", PricingCategory: "Committed",
      ChargePeriodStart: "2023-09-03T00:00:00Z", ChargePeriodEnd: "2023-09-04T00:00:00Z",
      BillingPeriodStart: "2023-09-01T00:00:00Z", BillingPeriodEnd: "2023-10-01T00:00:00Z",
      PricingUnit: "Hours", ServiceName: "Virtual Machine Scale Sets", ServiceCategory: "Compute",
    });
    // EA tag fragments arrive without braces; stored as a flat JSON object
    expect(JSON.parse(sp!.Tags!)).toMatchObject({ env: "prod", org: "trey", "aks-managed-poolName": "secretagent" });
    const [blk] = await rows(
      ch,
      "SELECT PricingUnit, toString(PricingQuantity) AS q, toString(x_PricingBlockSize) AS b, toString(ConsumedQuantity) AS cq, ConsumedUnit FROM focus_billing_data WHERE x_SourceId = 'ea-both' AND x_PricingUnitDescription = '10K' AND RegionId = 'eastus2' AND x_SkuMeterName LIKE '%List and Create%'",
    );
    expect(blk).toEqual({ PricingUnit: "10000 Units", q: "0.0004", b: "10000", cq: "4", ConsumedUnit: "Units" });
  });

  it("re-ingesting the same files replaces the month: identical totals, no duplicates", async () => {
    const before = await loadedTotals("ea-both");
    const again = await ingestFiles(ch, { sourceId: "ea-both", files: [ACTUAL, AMORTIZED] });
    expect(again.rows.loaded).toBe(29);
    expect(await loadedTotals("ea-both")).toEqual(before);
  });

  it("a failing run leaves the previous data untouched", async () => {
    const before = await loadedTotals("ea-both");
    await expect(ingestFiles(ch, { sourceId: "ea-both", files: [ACTUAL, "test/fixtures/azure-ea/does-not-exist.csv"] })).rejects.toThrow(/file not found/);
    await expect(ingestFiles(ch, { sourceId: "ea-both", files: [FIX("azure-ea/EA_NoRows.csv")] })).rejects.toThrow(/no data rows/);
    expect(await loadedTotals("ea-both")).toEqual(before);
    const leftovers = await rows(ch, "SELECT name FROM system.tables WHERE database = currentDatabase() AND startsWith(name, 'abi_run_')");
    expect(leftovers).toEqual([]);
    const failed = await rows<{ status: string; error: string }>(ch, "SELECT status, error FROM ingest_runs FINAL WHERE status = 'failed' ORDER BY started_at");
    expect(failed.length).toBe(2);
  });

  it("actual only converts and reports no approximation when no commitment usage is present", async () => {
    const r = await ingestFiles(ch, { sourceId: "ea-actual", files: [ACTUAL] });
    expect(r.dataset).toBe("ea-actual");
    expect(r.rows).toEqual({ in: 11, loaded: 11, quarantined: 0, excluded: 0 });
    expect(r.totals[0]!.sourceCost).toBe(await sourceSum(ACTUAL));
    expect(r.totals[0]!.billedCost).toBe(await sourceSum(ACTUAL));
  });

  it("amortized only converts and says what it approximated", async () => {
    const r = await ingestFiles(ch, { sourceId: "ea-amortized", files: [AMORTIZED] });
    expect(r.dataset).toBe("ea-amortized");
    expect(r.rows).toEqual({ in: 28, loaded: 28, quarantined: 0, excluded: 0 });
    expect(r.approximations.join(" ")).toMatch(/commitment purchases/);
    expect(r.totals[0]!.effectiveCost).toBe(await sourceSum(AMORTIZED));
  });

  it("stores lineage and a validation report for the run", async () => {
    const r = await ingestFiles(ch, { sourceId: "ea-lineage", files: [ACTUAL, AMORTIZED] });
    const files = await rows(ch, "SELECT file_name, size_bytes, sha256, rows FROM ingest_run_files FINAL WHERE run_id = {r:String} ORDER BY file_index", { r: r.runId });
    expect(files.map((f) => [f.file_name, f.size_bytes, f.rows])).toEqual([["EA_ActualCost_Small.csv", "11535", "11"], ["EA_AmortizedCost_Small.csv", "32775", "28"]]);
    expect(files[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const [run] = await rows(ch, "SELECT status, rows_in, rows_loaded, rows_excluded FROM ingest_runs FINAL WHERE run_id = {r:String}", { r: r.runId });
    expect(run).toEqual({ status: "succeeded", rows_in: "39", rows_loaded: "29", rows_excluded: "10" });
    const v = await validationReport(ch, r.runId);
    expect(v?.results.length).toBeGreaterThan(50);
    expect(v?.results.every((x) => ["pass", "fail", "skipped"].includes(x.result))).toBe(true);
  });

  it("rejects an unknown dataset option mismatch with a clear error", async () => {
    await expect(ingestFiles(ch, { sourceId: "x", files: [ACTUAL], dataset: "mca-actual" })).rejects.toBeInstanceOf(IngestInputError);
  });
});
