/**
 * Catalogue of the `focus_billing_data` fact table: every FOCUS 1.2 column, the 1.3 additions,
 * the `x_` columns of Microsoft's FocusCost 1.2-preview export and ABI's lineage columns.
 * The migration, converters, validation and exports all take column names from here, so a name
 * that is not in this list can never reach SQL. Where each column's value comes from, per input
 * format: docs/focus-mapping.md#how-to-read-the-tables.
 */

export type FocusVersion = "1.0" | "1.1" | "1.2" | "1.3" | "x";
export type ColumnKind = "dimension" | "metric" | "date" | "json" | "lineage";
export type FocusColumn = {
  name: string;
  /** ClickHouse type without Nullable(). */
  type: string;
  nullable: boolean;
  /** FOCUS version that introduced the column ("x" = provider/ABI extension). */
  since: FocusVersion;
  kind: ColumnKind;
};

/**
 * Money, prices and quantities. 18 decimals keep price × quantity exact for Azure inputs
 * (≤ 9 decimals each) and leave 20 integer digits for sums. Multiply via Decimal256 in SQL:
 * Decimal128(18) × Decimal128(18) would need scale 36.
 */
export const DECIMAL = "Decimal(38, 18)";
export const DATETIME = "DateTime('UTC')";

const S = "String";
const LC = "LowCardinality(String)";
const col = (name: string, type: string, nullable: boolean, since: FocusVersion, kind: ColumnKind): FocusColumn => ({
  name,
  type,
  nullable,
  since,
  kind,
});
const dim = (name: string, since: FocusVersion, nullable = true, type = S) => col(name, type, nullable, since, "dimension");
const low = (name: string, since: FocusVersion, nullable = true) => col(name, LC, nullable, since, "dimension");
const num = (name: string, since: FocusVersion, nullable = true) => col(name, DECIMAL, nullable, since, "metric");
const date = (name: string, since: FocusVersion, nullable = true) => col(name, DATETIME, nullable, since, "date");
const json = (name: string, since: FocusVersion) => col(name, S, true, since, "json");

// FOCUS 1.0–1.2 (57 columns). "since" follows focus.md §1; 0.5 and 1.0-preview columns count as 1.0.
export const FOCUS_12_COLUMNS: FocusColumn[] = [
  dim("AvailabilityZone", "1.0"),
  num("BilledCost", "1.0", false),
  dim("BillingAccountId", "1.0", false),
  dim("BillingAccountName", "1.0"),
  low("BillingAccountType", "1.2"),
  low("BillingCurrency", "1.0", false),
  date("BillingPeriodEnd", "1.0", false),
  date("BillingPeriodStart", "1.0", false),
  dim("CapacityReservationId", "1.1"),
  low("CapacityReservationStatus", "1.1"),
  low("ChargeCategory", "1.0", false),
  low("ChargeClass", "1.0"),
  dim("ChargeDescription", "1.0"),
  low("ChargeFrequency", "1.0", false),
  date("ChargePeriodEnd", "1.0", false),
  date("ChargePeriodStart", "1.0", false),
  low("CommitmentDiscountCategory", "1.0"),
  dim("CommitmentDiscountId", "1.0"),
  dim("CommitmentDiscountName", "1.0"),
  num("CommitmentDiscountQuantity", "1.1"),
  low("CommitmentDiscountStatus", "1.0"),
  low("CommitmentDiscountType", "1.0"),
  low("CommitmentDiscountUnit", "1.1"),
  num("ConsumedQuantity", "1.0"),
  low("ConsumedUnit", "1.0"),
  num("ContractedCost", "1.0", false),
  num("ContractedUnitPrice", "1.0"),
  num("EffectiveCost", "1.0", false),
  dim("InvoiceId", "1.2"),
  low("InvoiceIssuerName", "1.0", false),
  num("ListCost", "1.0", false),
  num("ListUnitPrice", "1.0"),
  low("PricingCategory", "1.0"),
  low("PricingCurrency", "1.2"),
  num("PricingCurrencyContractedUnitPrice", "1.2"),
  num("PricingCurrencyEffectiveCost", "1.2"),
  num("PricingCurrencyListUnitPrice", "1.2"),
  num("PricingQuantity", "1.0"),
  low("PricingUnit", "1.0"),
  low("ProviderName", "1.0", false),
  low("PublisherName", "1.0", false),
  low("RegionId", "1.0"),
  low("RegionName", "1.0"),
  dim("ResourceId", "1.0"),
  dim("ResourceName", "1.0"),
  low("ResourceType", "1.0"),
  low("ServiceCategory", "1.0", false),
  low("ServiceName", "1.0", false),
  low("ServiceSubcategory", "1.1", false),
  dim("SkuId", "1.0"),
  dim("SkuMeter", "1.1"),
  json("SkuPriceDetails", "1.1"),
  dim("SkuPriceId", "1.0"),
  dim("SubAccountId", "1.0"),
  dim("SubAccountName", "1.0"),
  low("SubAccountType", "1.2"),
  json("Tags", "1.0"),
];

// FOCUS 1.3 additions: all nullable here because 1.0–1.2 sources cannot fill them.
export const FOCUS_13_COLUMNS: FocusColumn[] = [
  dim("AllocatedMethodId", "1.3"),
  json("AllocatedMethodDetails", "1.3"),
  dim("AllocatedResourceId", "1.3"),
  dim("AllocatedResourceName", "1.3"),
  json("AllocatedTags", "1.3"),
  json("ContractApplied", "1.3"),
  low("HostProviderName", "1.3"),
  low("ServiceProviderName", "1.3"),
];

// Microsoft FocusCost 1.2-preview x_ columns (FocusCost_1.2-preview.json), plus x_InvoiceId and
// x_PricingCurrency of the 1.0 export, which 1.2 renamed (kept so 1.0 files round-trip).
export const AZURE_X_COLUMNS: FocusColumn[] = [
  dim("x_AccountId", "x"),
  dim("x_AccountName", "x"),
  dim("x_AccountOwnerId", "x"),
  low("x_AmortizationClass", "x"),
  num("x_BilledCostInUsd", "x"),
  num("x_BilledUnitPrice", "x"),
  dim("x_BillingAccountId", "x"),
  dim("x_BillingAccountName", "x"),
  num("x_BillingExchangeRate", "x"),
  date("x_BillingExchangeRateDate", "x"),
  dim("x_BillingProfileId", "x"),
  dim("x_BillingProfileName", "x"),
  num("x_ContractedCostInUsd", "x"),
  dim("x_CostAllocationRuleName", "x"),
  dim("x_CostCenter", "x"),
  dim("x_CustomerId", "x"),
  dim("x_CustomerName", "x"),
  num("x_EffectiveCostInUsd", "x"),
  num("x_EffectiveUnitPrice", "x"),
  dim("x_InvoiceIssuerId", "x"),
  dim("x_InvoiceSectionId", "x"),
  dim("x_InvoiceSectionName", "x"),
  num("x_ListCostInUsd", "x"),
  dim("x_PartnerCreditApplied", "x"),
  dim("x_PartnerCreditRate", "x"),
  num("x_PricingBlockSize", "x"),
  low("x_PricingSubcategory", "x"),
  dim("x_PricingUnitDescription", "x"),
  low("x_PublisherCategory", "x"),
  dim("x_PublisherId", "x"),
  dim("x_ResellerId", "x"),
  dim("x_ResellerName", "x"),
  dim("x_ResourceGroupName", "x"),
  low("x_ResourceType", "x"),
  low("x_ServiceModel", "x"),
  date("x_ServicePeriodEnd", "x"),
  date("x_ServicePeriodStart", "x"),
  dim("x_SkuDescription", "x"),
  json("x_SkuDetails", "x"),
  col("x_SkuIsCreditEligible", "Bool", true, "x", "dimension"),
  low("x_SkuMeterCategory", "x"),
  dim("x_SkuMeterId", "x"),
  dim("x_SkuMeterName", "x"),
  low("x_SkuMeterSubcategory", "x"),
  dim("x_SkuOfferId", "x"),
  dim("x_SkuOrderId", "x"),
  dim("x_SkuOrderName", "x"),
  dim("x_SkuPartNumber", "x"),
  dim("x_SkuPlanName", "x"),
  low("x_SkuRegion", "x"),
  low("x_SkuServiceFamily", "x"),
  col("x_SkuTerm", "Int32", true, "x", "dimension"),
  dim("x_SkuTier", "x"),
  dim("x_InvoiceId", "x"),
  low("x_PricingCurrency", "x"),
];

// ABI lineage: which source and run wrote the row, and the billing month it belongs to
// (the unit that a run replaces atomically).
export const LINEAGE_COLUMNS: FocusColumn[] = [
  col("x_SourceId", S, false, "x", "lineage"),
  col("x_IngestRunId", S, false, "x", "lineage"),
  col("x_BillingMonth", "Date", false, "x", "lineage"),
];

export const FOCUS_COLUMNS: FocusColumn[] = [...FOCUS_12_COLUMNS, ...FOCUS_13_COLUMNS, ...AZURE_X_COLUMNS, ...LINEAGE_COLUMNS];

export const FOCUS_COLUMN_NAMES = FOCUS_COLUMNS.map((c) => c.name);
const byName = new Map(FOCUS_COLUMNS.map((c) => [c.name, c]));

export function focusColumn(name: string): FocusColumn {
  const c = byName.get(name);
  if (!c) throw new Error(`Unknown FOCUS column: ${name}`);
  return c;
}

export function isFocusColumn(name: string): boolean {
  return byName.has(name);
}

/** Full ClickHouse type of a column, with Nullable() where the column allows NULL. */
export function columnType(c: FocusColumn, forceNullable = false): string {
  if (!(c.nullable || forceNullable)) return c.type;
  if (c.type.startsWith("LowCardinality(")) return `LowCardinality(Nullable(${c.type.slice(15, -1)}))`;
  return `Nullable(${c.type})`;
}

/** Columns a FOCUS export of the given version carries (FOCUS columns only, then x_ columns). */
export function columnsForVersion(version: "1.0" | "1.1" | "1.2" | "1.3"): FocusColumn[] {
  const order = ["1.0", "1.1", "1.2", "1.3"];
  const max = order.indexOf(version);
  const focus = [...FOCUS_12_COLUMNS, ...FOCUS_13_COLUMNS].filter((c) => order.indexOf(c.since) <= max);
  return [...focus, ...AZURE_X_COLUMNS, ...LINEAGE_COLUMNS];
}
