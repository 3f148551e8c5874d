/**
 * Logical Azure cost-details fields and every header name they appear under (EA 2021-10-01,
 * 2023-12-01-preview, 2024-08-01, the older EA export names, MCA camelCase, Consumption API
 * property names and the archived EA v3 names). Matching is case-insensitive and by name only.
 */
export const AZURE_FIELDS = {
  BillingAccountId: ["billingaccountid"],
  BillingAccountName: ["billingaccountname"],
  BillingProfileId: ["billingprofileid"],
  BillingProfileName: ["billingprofilename"],
  BillingPeriodStartDate: ["billingperiodstartdate"],
  BillingPeriodEndDate: ["billingperiodenddate"],
  AccountId: ["accountid"],
  AccountName: ["accountname"],
  AccountOwnerId: ["accountownerid", "accountowneremail"],
  SubscriptionId: ["subscriptionid", "subscriptionguid"],
  SubscriptionName: ["subscriptionname"],
  Date: ["date", "usagedate"],
  ProductName: ["productname", "product"],
  ProductId: ["productid", "productidentifier"],
  PartNumber: ["partnumber"],
  MeterId: ["meterid", "resourceguid"],
  ServiceFamily: ["servicefamily"],
  MeterCategory: ["metercategory", "servicename"],
  MeterSubCategory: ["metersubcategory", "servicetier"],
  MeterRegion: ["meterregion"],
  MeterName: ["metername"],
  Quantity: ["quantity", "consumedquantity"],
  EffectivePrice: ["effectiveprice", "resourcerate"],
  Cost: ["costinbillingcurrency", "cost", "extendedcost"],
  UnitPrice: ["unitprice"],
  BillingCurrency: ["billingcurrencycode", "billingcurrency", "currency"],
  PricingCurrency: ["pricingcurrencycode", "pricingcurrency"],
  ResourceLocation: ["resourcelocation", "location"],
  AvailabilityZone: ["availabilityzone"],
  ConsumedService: ["consumedservice"],
  ResourceId: ["resourceid", "instanceid"],
  ResourceName: ["resourcename", "instancename"],
  ServiceInfo1: ["serviceinfo1"],
  ServiceInfo2: ["serviceinfo2"],
  AdditionalInfo: ["additionalinfo"],
  Tags: ["tags"],
  InvoiceSectionId: ["invoicesectionid", "departmentid"],
  InvoiceSectionName: ["invoicesectionname", "invoicesection", "departmentname"],
  CostCenter: ["costcenter"],
  UnitOfMeasure: ["unitofmeasure"],
  ResourceGroup: ["resourcegroup", "resourcegroupname"],
  ReservationId: ["reservationid"],
  ReservationName: ["reservationname"],
  ProductOrderId: ["productorderid"],
  ProductOrderName: ["productordername"],
  OfferId: ["offerid"],
  IsAzureCreditEligible: ["isazurecrediteligible"],
  Term: ["term"],
  PublisherName: ["publishername"],
  PublisherType: ["publishertype"],
  PublisherId: ["publisherid"],
  PlanName: ["planname"],
  ChargeType: ["chargetype"],
  Frequency: ["frequency"],
  PayGPrice: ["paygprice"],
  PricingModel: ["pricingmodel"],
  CostAllocationRuleName: ["costallocationrulename"],
  BenefitId: ["benefitid"],
  BenefitName: ["benefitname"],
  InvoiceId: ["invoiceid"],
  PreviousInvoiceId: ["previousinvoiceid"],
  PaygCostInBillingCurrency: ["paygcostinbillingcurrency"],
  CostInPricingCurrency: ["costinpricingcurrency"],
  CostInUsd: ["costinusd"],
  PaygCostInUsd: ["paygcostinusd"],
  ExchangeRatePricingToBilling: ["exchangeratepricingtobilling"],
  ExchangeRateDate: ["exchangeratedate"],
  ServicePeriodStartDate: ["serviceperiodstartdate"],
  ServicePeriodEndDate: ["serviceperiodenddate"],
  ResellerName: ["resellername"],
  ResellerMpnId: ["resellermpnid"],
  CustomerTenantId: ["customertenantid"],
  CustomerName: ["customername"],
  PartnerName: ["partnername"],
  PartnerEarnedCreditApplied: ["partnerearnedcreditapplied"],
  PartnerEarnedCreditRate: ["partnerearnedcreditrate"],
} as const satisfies Record<string, readonly string[]>;

export type AzureField = keyof typeof AZURE_FIELDS;

/** Fields without which an Azure cost file cannot be converted. */
export const AZURE_REQUIRED: AzureField[] = ["Date", "Cost", "BillingCurrency", "SubscriptionId"];

/** Headers only MCA (or MPA) cost details carry. */
export const MCA_MARKERS = ["invoiceid", "paygcostinbillingcurrency", "costinpricingcurrency", "exchangeratepricingtobilling", "pricingcurrency"];

/** FOCUS columns a file must have to be read as FOCUS (any version 1.0–1.3). */
export const FOCUS_REQUIRED = ["BilledCost", "BillingCurrency", "ChargePeriodStart", "ChargePeriodEnd", "EffectiveCost", "ServiceName"];

/** Renamed columns of Microsoft's FocusCost 1.0 export that became FOCUS columns in 1.2. */
// docs/focus-mapping.md#provider-publisher-and-invoice (InvoiceId), docs/focus-mapping.md#cost-and-price (PricingCurrency),
// docs/focus-mapping.md#service-sku-resource-and-region (SkuMeter)
export const FOCUS_ALIASES: Record<string, string[]> = {
  InvoiceId: ["x_invoiceid"],
  PricingCurrency: ["x_pricingcurrency"],
  SkuMeter: ["x_skumetername"],
};

/** Maps each logical field to the index of the header column that carries it. */
export function resolveFields<K extends string>(header: string[], aliases: Record<K, readonly string[]>): Map<K, number> {
  const lower = header.map((h) => h.trim().toLowerCase());
  const out = new Map<K, number>();
  for (const [field, names] of Object.entries(aliases) as [K, readonly string[]][]) {
    for (const n of names) {
      const i = lower.indexOf(n);
      if (i >= 0) {
        out.set(field, i);
        break;
      }
    }
  }
  return out;
}
