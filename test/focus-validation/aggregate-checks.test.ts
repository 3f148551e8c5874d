import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { runAggregateChecks, validateTable, type AggregateCheckResult } from "~/domain/focus/validation";
import { freshClickHouse } from "../helpers/chdb";
import { loadFocusCsvFixture } from "../helpers/focus-fixture-table";

const SAMPLE = "test/fixtures/focus-sample/focus-1.2-azure-sample.csv";
const FLEX = "test/fixtures/focus-scenarios/commitment_discount_flexibility/one_hundred_percent_utilization_with_commitment_discount_flexibility_with_2_resources.csv";

let ch: ClickHouseClient;
const byId = (results: AggregateCheckResult[]) => new Map(results.map((r) => [r.ruleId, r]));

beforeAll(async () => {
  ({ ch } = await freshClickHouse({ migrate: false }));
  await loadFocusCsvFixture(ch, SAMPLE, "sample");
  await loadFocusCsvFixture(ch, FLEX, "flex");
});
afterAll(async () => ch?.close());

describe("aggregate FOCUS checks (focus.md §3.3)", () => {
  it("pass on the valid sample and on the spec's commitment scenario", async () => {
    const sample = byId(await runAggregateChecks(ch, { table: "sample" }));
    for (const id of ["ServiceName-C-005-C", "SkuPriceId-C-008-M", "ABI-CommitmentDiscount-001-M", "ABI-InvoiceId-001-M", "ABI-ChargePeriod-001-M"]) {
      expect(sample.get(id), id).toMatchObject({ result: "pass", violations: 0 });
    }
    // The sample's reservation runs for a year but the data covers three days: not checkable, not failed.
    expect(sample.get("ABI-CommitmentDiscount-001-M")?.details).toMatch(/^0 of 1 commitments/);

    const flex = byId(await runAggregateChecks(ch, { table: "flex" }));
    expect(flex.get("ABI-CommitmentDiscount-001-M")).toMatchObject({ result: "pass", violations: 0 });
    expect(flex.get("ABI-CommitmentDiscount-001-M")?.details).toMatch(/^1 of 1 commitments/);
    // The scenario file has no InvoiceId column.
    expect(flex.get("ABI-InvoiceId-001-M")).toMatchObject({ result: "skipped", details: "skipped (column absent: InvoiceId)" });
  });

  it("finds a commitment whose amortised usage does not add up to its purchases", async () => {
    await ch.command({ query: "CREATE TABLE flex_bad AS flex" });
    await ch.command({ query: "INSERT INTO flex_bad SELECT * FROM flex" });
    // One more covered hour: usage EffectiveCost 3.00 against 2.00 purchased.
    await ch.command({ query: "INSERT INTO flex_bad SELECT * REPLACE (99 AS _row) FROM flex WHERE ChargeCategory = 'Usage' LIMIT 1" });
    const r = byId(await runAggregateChecks(ch, { table: "flex_bad" })).get("ABI-CommitmentDiscount-001-M");
    expect(r).toMatchObject({ result: "fail", violations: 1 });
    expect(r?.details).toContain("<my-commitment-discount-id>: usage 3 vs purchases 2");
  });

  it("finds planted dataset-level violations, and `where` with bound params narrows the rows", async () => {
    await ch.command({ query: "CREATE TABLE planted AS sample" });
    await ch.command({ query: "INSERT INTO planted SELECT * FROM sample" });
    await ch.command({
      query: `INSERT INTO planted SELECT * REPLACE (
          100 + _row AS _row,
          if(_row = 1, 'Databases', ServiceCategory) AS ServiceCategory,
          if(_row = 1, 'Relational Databases', ServiceSubcategory) AS ServiceSubcategory,
          if(_row = 2, 'ANOTHER-SKU', SkuId) AS SkuId,
          if(_row = 3, ChargePeriodStart, ChargePeriodEnd) AS ChargePeriodEnd,
          'INV-1' AS InvoiceId,
          if(_row = 4, 'other-account', BillingAccountId) AS BillingAccountId)
        FROM sample`,
    });
    const all = byId(await runAggregateChecks(ch, { table: "planted" }));
    expect(all.get("ServiceName-C-005-C")).toMatchObject({ result: "fail", violations: 1 });
    expect(all.get("ServiceName-C-005-C")?.details).toContain("Virtual Machines");
    expect(all.get("SkuPriceId-C-008-M")).toMatchObject({ result: "fail", violations: 1 });
    expect(all.get("ABI-ChargePeriod-001-M")).toMatchObject({ result: "fail", violations: 1 });
    expect(all.get("ABI-InvoiceId-001-M")).toMatchObject({ result: "fail", violations: 1 });

    const original = byId(await runAggregateChecks(ch, { table: "planted", where: "_row < {limit:UInt32}", params: { limit: 100 } }));
    expect(original.get("ServiceName-C-005-C")).toMatchObject({ result: "pass", violations: 0 });
    expect(original.get("ABI-ChargePeriod-001-M")).toMatchObject({ result: "pass", violations: 0 });
  });

  it("validateTable includes the aggregate results next to the row rules", async () => {
    const report = await validateTable(ch, { table: "planted", focusVersion: "1.2" });
    const results = new Map(report.results.map((r) => [r.ruleId, r]));
    expect(results.get("SkuPriceId-C-008-M")).toMatchObject({ scope: "aggregate", result: "fail" });
    // ChargePeriodStart < ChargePeriodEnd is a row rule too: reported once, as a row rule.
    expect(report.results.filter((r) => r.ruleId === "ABI-ChargePeriod-001-M")).toEqual([
      expect.objectContaining({ scope: "row", result: "fail", violations: 1 }),
    ]);
  });
});

describe("commitment amortisation with monthly payments (found by the official check's generated EA year)", () => {
  it("a monthly savings plan whose payment rows last one day is compared over the months they pay for", async () => {
    // Hand-computed: 10.00 a day of commitment; payments on Jan 12 (31 days of January: 310) and on
    // Feb 12 (28 days of February 2025: 280) pay for Jan 12 – Mar 11 = 59 days = 590 of used commitment.
    // The payment rows are one day long (Azure exports them dated on the billing day).
    await ch.command({ query: "CREATE TABLE sp_monthly AS sample" });
    const sp = "/providers/microsoft.billingbenefits/savingsplanorders/o-1/savingsplans/sp-1";
    await ch.command({
      query: `INSERT INTO sp_monthly SELECT s.* REPLACE (
          100 + number AS _row, {sp:String} AS CommitmentDiscountId, 'Savings Plan' AS CommitmentDiscountType, 'Recurring' AS ChargeFrequency,
          toDateTime64(if(number = 0, '2025-01-12', '2025-02-12'), 0, 'UTC') AS ChargePeriodStart,
          toDateTime64(if(number = 0, '2025-01-13', '2025-02-13'), 0, 'UTC') AS ChargePeriodEnd,
          toDecimal64(if(number = 0, 310, 280), 2) AS BilledCost, toDecimal64(0, 2) AS EffectiveCost)
        FROM sample AS s, numbers(2) AS n WHERE s._row = 4`,
      query_params: { sp },
    });
    await ch.command({
      query: `INSERT INTO sp_monthly SELECT s.* REPLACE (
          200 + number AS _row, {sp:String} AS CommitmentDiscountId, 'Savings Plan' AS CommitmentDiscountType,
          toDateTime64('2025-01-12', 0, 'UTC') + toIntervalDay(number) AS ChargePeriodStart,
          toDateTime64('2025-01-13', 0, 'UTC') + toIntervalDay(number) AS ChargePeriodEnd,
          toDecimal64(0, 2) AS BilledCost, toDecimal64(10, 2) AS EffectiveCost)
        FROM sample AS s, numbers(59) AS n WHERE s._row = 5`,
      query_params: { sp },
    });
    const r = byId(await runAggregateChecks(ch, { table: "sp_monthly", where: "_row >= {first:UInt32}", params: { first: 100 } })).get("ABI-CommitmentDiscount-001-M");
    expect(r).toMatchObject({ result: "pass", violations: 0 });
    expect(r?.details).toMatch(/^1 of 1 commitments/);

    // A day of used commitment missing inside the paid months is still found.
    await ch.command({ query: "DELETE FROM sp_monthly WHERE _row = 230" });
    const bad = byId(await runAggregateChecks(ch, { table: "sp_monthly", where: "_row >= {first:UInt32}", params: { first: 100 } })).get("ABI-CommitmentDiscount-001-M");
    expect(bad, bad?.details).toMatchObject({ result: "fail", violations: 1 });
    expect(bad?.details).toContain(`${sp} USD: usage 580 vs purchases 590`);
  });
});
