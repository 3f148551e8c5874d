/**
 * Column layouts of Azure EA cost-details CSV (ActualCost and AmortizedCost share them).
 * The generator fills rows by the 2024-08-01 names; a layout only decides order and spelling.
 */

/** EA 2024-08-01 (57 columns), the newest EA layout (azure-billing.md §2.2). */
export const EA_2024_08_01_COLUMNS = [
  "InvoiceSectionName", "AccountName", "AccountOwnerId", "SubscriptionId", "SubscriptionName",
  "ResourceGroup", "ResourceLocation", "Date", "ProductName", "MeterCategory", "MeterSubCategory",
  "MeterId", "MeterName", "MeterRegion", "UnitOfMeasure", "Quantity", "EffectivePrice",
  "CostInBillingCurrency", "CostCenter", "ConsumedService", "ResourceId", "Tags", "OfferId",
  "AdditionalInfo", "ServiceInfo1", "ServiceInfo2", "ResourceName", "ReservationId",
  "ReservationName", "UnitPrice", "ProductOrderId", "ProductOrderName", "Term", "PublisherType",
  "PublisherName", "ChargeType", "Frequency", "PricingModel", "AvailabilityZone", "BillingAccountId",
  "BillingAccountName", "BillingCurrencyCode", "BillingPeriodStartDate", "BillingPeriodEndDate",
  "BillingProfileId", "BillingProfileName", "InvoiceSectionId", "IsAzureCreditEligible", "PartNumber",
  "PayGPrice", "PlanName", "ServiceFamily", "CostAllocationRuleName", "benefitId", "benefitName",
  "AccountId", "ResourceLocationNormalized",
] as const;

export type EaColumn = (typeof EA_2024_08_01_COLUMNS)[number];

/**
 * The older EA export header of the FinOps toolkit test assets (55 columns, the fixture files):
 * same data, different order, and `Cost`/`BillingCurrency`/`Product`/`InvoiceSection` spellings.
 */
export const EA_LEGACY_COLUMNS = [
  "BillingAccountId", "BillingAccountName", "BillingPeriodStartDate", "BillingPeriodEndDate",
  "BillingProfileId", "BillingProfileName", "AccountOwnerId", "AccountName", "SubscriptionId",
  "SubscriptionName", "Date", "Product", "PartNumber", "MeterId", "ServiceFamily", "MeterCategory",
  "MeterSubCategory", "MeterRegion", "MeterName", "Quantity", "EffectivePrice", "Cost", "UnitPrice",
  "BillingCurrency", "ResourceLocation", "AvailabilityZone", "ConsumedService", "ResourceId",
  "ResourceName", "ServiceInfo1", "ServiceInfo2", "AdditionalInfo", "Tags", "InvoiceSectionId",
  "InvoiceSection", "CostCenter", "UnitOfMeasure", "ResourceGroup", "ReservationId", "ReservationName",
  "ProductOrderId", "ProductOrderName", "OfferId", "IsAzureCreditEligible", "Term", "PublisherName",
  "PlanName", "ChargeType", "Frequency", "PublisherType", "PayGPrice", "PricingModel",
  "CostAllocationRuleName", "benefitId", "benefitName",
] as const;

const LEGACY_TO_2024: Record<string, EaColumn> = {
  Cost: "CostInBillingCurrency",
  BillingCurrency: "BillingCurrencyCode",
  Product: "ProductName",
  InvoiceSection: "InvoiceSectionName",
};

export type EaHeaderVersion = "2024-08-01" | "legacy";

export interface EaLayout {
  version: EaHeaderVersion;
  /** Header names as written in the file. */
  header: readonly string[];
  /** For each header position, the 2024-08-01 column it carries. */
  columns: readonly EaColumn[];
}

export function eaLayout(version: EaHeaderVersion): EaLayout {
  if (version === "2024-08-01") {
    return { version, header: EA_2024_08_01_COLUMNS, columns: EA_2024_08_01_COLUMNS };
  }
  return {
    version,
    header: EA_LEGACY_COLUMNS,
    columns: EA_LEGACY_COLUMNS.map((name) => LEGACY_TO_2024[name] ?? (name as EaColumn)),
  };
}
