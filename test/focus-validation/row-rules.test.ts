import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { columnType, FOCUS_12_COLUMNS } from "~/domain/focus/columns";
import { rowRuleSet, validateTable } from "~/domain/focus/validation";
import { freshClickHouse } from "../helpers/chdb";

// A valid on-demand Azure VM usage row (every FOCUS 1.2 column); each case below breaks one thing.
const RI = "/providers/Microsoft.Capacity/reservationOrders/o1/reservations/r1";
const base: Record<string, string | null> = {
  AvailabilityZone: null, BilledCost: "2.4", BillingAccountId: "8611537", BillingAccountName: "Contoso EA",
  BillingAccountType: "Billing Account", BillingCurrency: "USD", BillingPeriodEnd: "2024-02-01 00:00:00",
  BillingPeriodStart: "2024-01-01 00:00:00", CapacityReservationId: null, CapacityReservationStatus: null,
  ChargeCategory: "Usage", ChargeClass: null, ChargeDescription: "D2s v3 hours", ChargeFrequency: "Usage-Based",
  ChargePeriodEnd: "2024-01-06 00:00:00", ChargePeriodStart: "2024-01-05 00:00:00", CommitmentDiscountCategory: null,
  CommitmentDiscountId: null, CommitmentDiscountName: null, CommitmentDiscountQuantity: null, CommitmentDiscountStatus: null,
  CommitmentDiscountType: null, CommitmentDiscountUnit: null, ConsumedQuantity: "24", ConsumedUnit: "Hours",
  ContractedCost: "2.4", ContractedUnitPrice: "0.1", EffectiveCost: "2.4", InvoiceId: null, InvoiceIssuerName: "Microsoft",
  ListCost: "2.88", ListUnitPrice: "0.12", PricingCategory: "Standard", PricingCurrency: "USD",
  PricingCurrencyContractedUnitPrice: "0.1", PricingCurrencyEffectiveCost: "2.4", PricingCurrencyListUnitPrice: "0.12",
  PricingQuantity: "24", PricingUnit: "Hours", ProviderName: "Microsoft", PublisherName: "Microsoft", RegionId: "eastus",
  RegionName: "East US", ResourceId: "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1",
  ResourceName: "vm1", ResourceType: "Virtual machine", ServiceCategory: "Compute", ServiceName: "Virtual Machines",
  ServiceSubcategory: "Virtual Machines", SkuId: "DZH318Z0BQ4L", SkuMeter: "D2s v3", SkuPriceDetails: '{"x_VCPUs":"2"}',
  SkuPriceId: "DZH318Z0BQ4L-0001", SubAccountId: "s1", SubAccountName: "Prod", SubAccountType: "Subscription",
  Tags: '{"env":"prod","team":"core"}',
};
const riUsage = {
  PricingCategory: "Committed", BilledCost: "0", CommitmentDiscountId: RI, CommitmentDiscountName: "RI", CommitmentDiscountCategory: "Usage",
  CommitmentDiscountType: "Reservation", CommitmentDiscountQuantity: "24", CommitmentDiscountUnit: "Hours", CommitmentDiscountStatus: "Used",
};
const riPurchase = {
  ChargeCategory: "Purchase", ChargeFrequency: "One-Time", ConsumedQuantity: null, ConsumedUnit: null, PricingQuantity: "1", PricingUnit: "Units",
  ListUnitPrice: "1000", ListCost: "1000", ContractedUnitPrice: "876", ContractedCost: "876", BilledCost: "876", EffectiveCost: "0",
  PricingCurrencyListUnitPrice: "1000", PricingCurrencyContractedUnitPrice: "876", PricingCurrencyEffectiveCost: "0",
  CommitmentDiscountId: RI, CommitmentDiscountName: "RI", CommitmentDiscountCategory: "Usage", CommitmentDiscountType: "Reservation",
  CommitmentDiscountQuantity: "8784", CommitmentDiscountUnit: "Hours", ResourceId: RI, ResourceType: "Reservation",
};

/** case name -> [changes to the valid row, rule IDs that must be reported] */
const cases: Record<string, [Record<string, string | null>, string[]]> = {
  valid: [{}, []],
  "valid RI used": [riUsage, []],
  "valid RI purchase": [riPurchase, []],
  // Not "Usage", so ConsumedQuantity must also be null.
  "charge category wrong case": [{ ChargeCategory: "usage" }, ["ChargeCategory-C-003-M", "ConsumedQuantity-C-004-C"]],
  "billed cost null": [{ BilledCost: null }, ["BilledCost-C-003-M"]],
  "currency lower case": [{ BillingCurrency: "usd" }, ["BillingCurrency-C-003-M", "BillingCurrency-C-006-M"]],
  "currency not national": [{ BillingCurrency: "XYZ" }, ["BillingCurrency-C-006-M"]],
  "tags not json": [{ Tags: "env:prod" }, ["Tags-C-001-M"]],
  "tags nested object": [{ Tags: '{"env":{"a":1}}' }, ["Tags-C-001-M"]],
  "tags duplicate keys": [{ Tags: '{"env":"prod","env":"dev"}' }, ["Tags-C-001-M"]],
  "tags array": [{ Tags: '["env"]' }, ["Tags-C-001-M"]],
  "sku price details array value": [{ SkuPriceDetails: '{"x_Cores":[1,2]}' }, ["SkuPriceDetails-C-001-M"]],
  "list cost not price x quantity": [{ ListCost: "2.89" }, ["ListCost-C-009-C", "ListUnitPrice-C-010-C"]],
  "contracted cost not price x quantity": [{ ContractedCost: "2.41" }, ["ContractedUnitPrice-C-011-C"]],
  "price x quantity on correction is not checked": [{ ChargeClass: "Correction", ListCost: "2.89" }, []],
  "charge period end before start": [{ ChargePeriodEnd: "2024-01-05 00:00:00" }, ["ABI-ChargePeriod-001-M"]],
  "billing period end before start": [{ BillingPeriodEnd: "2023-12-01 00:00:00" }, ["ABI-BillingPeriod-001-M"]],
  "region name missing": [{ RegionName: null }, ["RegionName-C-005-C"]],
  "charge class not correction": [{ ChargeClass: "Refund" }, ["ChargeClass-C-005-C"]],
  "subcategory under wrong category": [{ ServiceCategory: "Storage" }, ["ServiceSubcategory-C-004-M"]],
  "empty description": [{ ChargeDescription: "" }, ["ChargeDescription-C-002-M"]],
  "usage-based purchase": [{ ...riPurchase, ChargeFrequency: "Usage-Based" }, ["ChargeFrequency-C-004-C"]],
  "negative list unit price": [{ ListUnitPrice: "-0.12", ListCost: "-2.88", PricingCurrencyListUnitPrice: "0.12" }, ["ListUnitPrice-C-008-M"]],
  "tax row with sku": [
    { ChargeCategory: "Tax", ChargeFrequency: "One-Time", PricingQuantity: null, PricingUnit: null, ListUnitPrice: null, ContractedUnitPrice: null,
      PricingCategory: null, PricingCurrencyListUnitPrice: null, PricingCurrencyContractedUnitPrice: null, ConsumedQuantity: null, ConsumedUnit: null,
      SkuId: "X", SkuMeter: null, SkuPriceId: null, SkuPriceDetails: null },
    ["SkuId-C-004-C"],
  ],
  // Patched model defects (model-patches.ts): what the patched rule catches, and what it no longer flags.
  "patch: status Active is not allowed": [{ ...riUsage, CommitmentDiscountStatus: "Active" }, ["CommitmentDiscountStatus-C-005-M"]],
  "patch: status without commitment": [{ CommitmentDiscountStatus: "Used" }, ["CommitmentDiscountStatus-C-003-C"]],
  "patch: commitment usage without status": [{ ...riUsage, CommitmentDiscountStatus: null }, ["CommitmentDiscountStatus-C-004-C"]],
  "patch: consumed quantity missing": [{ ConsumedQuantity: null, ConsumedUnit: null }, ["ConsumedQuantity-C-006-C"]],
  "patch: consumed quantity may be null on corrections": [{ ConsumedQuantity: null, ConsumedUnit: null, ChargeClass: "Correction" }, []],
  "patch: commitment purchase with effective cost": [{ ...riPurchase, EffectiveCost: "876", PricingCurrencyEffectiveCost: "876" }, ["EffectiveCost-C-005-C"]],
  "patch: recurring subscription purchase keeps its cost": [
    { ...riPurchase, CommitmentDiscountId: null, CommitmentDiscountName: null, CommitmentDiscountCategory: null, CommitmentDiscountType: null,
      CommitmentDiscountQuantity: null, CommitmentDiscountUnit: null, ResourceType: "SaaS", ChargeFrequency: "Recurring", EffectiveCost: "876",
      PricingCurrencyEffectiveCost: "876" },
    [],
  ],
  "patch: resource type missing": [{ ResourceType: null }, ["ResourceType-C-005-C"]],
  "patch: capacity status without reservation": [{ CapacityReservationStatus: "Used" }, ["CapacityReservationStatus-C-003-C"]],
  "patch: capacity reservation usage without status": [{ CapacityReservationId: "cr-1" }, ["CapacityReservationStatus-C-004-C"]],
  "patch: partner-issued invoice keeps its billed cost": [{ InvoiceIssuerName: "Contoso Partner Ltd" }, []],
};

const columns = FOCUS_12_COLUMNS.map((c) => ({ name: c.name, type: columnType(c, true) }));
let ch: ClickHouseClient;

beforeAll(async () => {
  ({ ch } = await freshClickHouse());
  const ddl = columns.map((c) => `\`${c.name}\` ${c.type}`).join(", ");
  await ch.command({ query: `CREATE TABLE rule_cases (case_name String, ${ddl}) ENGINE = MergeTree ORDER BY case_name` });
  await ch.insert({
    table: "rule_cases",
    values: Object.entries(cases).map(([name, [change]]) => ({ case_name: name, ...base, ...change })),
    format: "JSONEachRow",
  });
});
afterAll(async () => ch?.close());

describe("row-level FOCUS rules compiled from the requirement model", () => {
  it("reports exactly the broken rules for each row", async () => {
    const { failedRulesExpr } = rowRuleSet({ columns, focusVersion: "1.2" });
    const rs = await ch.query({ query: `SELECT case_name, ${failedRulesExpr} AS failed FROM rule_cases`, format: "JSONEachRow" });
    const got = Object.fromEntries((await rs.json<{ case_name: string; failed: string[] }>()).map((r) => [r.case_name, [...r.failed].sort()]));
    const want = Object.fromEntries(Object.entries(cases).map(([name, [, ids]]) => [name, [...ids].sort()]));
    expect(got).toEqual(want);
  });

  it("compiles every row-level MUST rule of the full FOCUS 1.2 column set, none skipped for missing columns", () => {
    const set = rowRuleSet({ columns, focusVersion: "1.2" });
    expect(set.rules.length).toBeGreaterThan(100);
    expect(set.skipped.filter((s) => !s.reason.startsWith("not checkable"))).toEqual([]);
    expect(set.schema.every((s) => s.pass)).toBe(true);
  });

  it("reports rules on absent columns as skipped (column absent), not silently dropped", () => {
    const set = rowRuleSet({ columns: columns.filter((c) => c.name !== "Tags" && c.name !== "ChargeClass"), focusVersion: "1.2" });
    const skipped = new Map(set.skipped.map((s) => [s.id, s.reason]));
    expect(skipped.get("Tags-C-001-M")).toBe("skipped (column absent: Tags)");
    expect(skipped.get("ListCost-C-009-C")).toBe("skipped (column absent: ChargeClass)");
    expect(set.rules.some((r) => r.id === "ListCost-C-009-C")).toBe(false);
    expect(set.schema.find((s) => s.id === "CostAndUsage-D-026-M")).toMatchObject({ pass: false, detail: "column absent" });
  });

  it("validateTable counts violations per rule in one report", async () => {
    const report = await validateTable(ch, { table: "rule_cases", focusVersion: "1.2" });
    const byId = new Map(report.results.map((r) => [r.ruleId, r]));
    expect(report.rows).toBe(Object.keys(cases).length);
    expect(byId.get("Tags-C-001-M")).toMatchObject({ result: "fail", violations: 4 });
    expect(byId.get("ChargeCategory-C-003-M")).toMatchObject({ result: "fail", violations: 1 });
    expect(byId.get("BillingAccountId-C-001-M")).toMatchObject({ result: "pass", violations: 0 });
    expect(byId.get("DateTimeFormat-A-001-M")).toMatchObject({ result: "skipped" });
    expect(report.summary.fail).toBe(report.results.filter((r) => r.result === "fail").length);
  });

  it("rejects table names that are not plain identifiers", async () => {
    await expect(validateTable(ch, { table: "rule_cases; DROP TABLE x", focusVersion: "1.2" })).rejects.toThrow(/invalid table name/);
  });
});
