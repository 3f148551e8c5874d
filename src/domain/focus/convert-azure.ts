/**
 * Azure EA / MCA cost details (actual or amortized) → FOCUS 1.2 rows, as one ClickHouse SELECT
 * over a staging table of strings. Recipe: azure-billing.md §3 and focus.md §5 (FinOps toolkit
 * convert.md), re-implemented. Column by column, with the FOCUS rule each serves: docs/focus-mapping.md.
 */
import { AZURE_FIELDS, type AzureField, resolveFields } from "../ingest/source-fields";
import { TAGS_REBUILT } from "./row-rules";
import { str, dec, usDate, mul, div, flatJsonObject, NULL_STR } from "./sql-fragments";

/** One file's rows `(_row, c1..cN)` for the conversion. */
export type AzureSource = {
  sql: string;
  header: string[];
  /** The file's index in the run (a number from code, never input). */
  file: number;
  /** false: an actual file next to an amortized one, so only commitment purchases/refunds are taken. */
  selectAll: boolean;
};

/**
 * What a row is to the commitment recipe; actual and amortized files tell apart only by these rows,
 * so the run report counts them (a run with one kind of file says what it approximated).
 */
const COMMIT_KIND = `multiIf(t_commit_purchase, 'purchase', t_unused, 'unused', t_commit_usage AND ifNull(t_cost, 0) != 0, 'paid-usage',
    t_commit_usage, 'free-usage', '')`;

/** Fields parsed in the inner query; every other column builds on these aliases. */
// docs/focus-mapping.md#how-to-read-the-tables (logical field names and their header aliases)
export function baseFields(header: string[]): string {
  const idx = resolveFields(header, AZURE_FIELDS);
  const col = (f: AzureField) => {
    const i = idx.get(f);
    return i === undefined ? undefined : `c${i + 1}`;
  };
  return (Object.keys(AZURE_FIELDS) as AzureField[]).map((f) => `${str(col(f))} AS b_${f}`).join(",\n    ");
}

// docs/focus-mapping.md#how-to-read-the-tables (the helper terms: commitment model, unused row, commitment id, ARM type, fx)
export function typedFields(agreement: "ea" | "mca"): string {
  const fx = agreement === "mca" ? `coalesce(${dec("b_ExchangeRatePricingToBilling")}, toDecimal128(1, 18))` : "toDecimal128(1, 18)";
  return `
    *,
    ${dec("b_Cost")} AS t_cost,
    ${dec("b_Quantity")} AS t_qty,
    ${dec("b_UnitPrice")} AS t_unit_price,
    ${dec("b_EffectivePrice")} AS t_eff_price,
    ${dec("b_PayGPrice")} AS t_payg_price,
    ${fx} AS t_fx,
    ${usDate("b_Date")} AS t_date,
    ${usDate("b_BillingPeriodStartDate")} AS t_bps,
    ${usDate("b_BillingPeriodEndDate")} AS t_bpe,
    lower(ifNull(b_ChargeType, 'usage')) AS t_ct,
    lower(replaceAll(ifNull(b_PricingModel, ''), ' ', '')) AS t_pm,
    t_pm IN ('reservation', 'savingsplan') AS t_commit_model,
    t_ct IN ('unusedreservation', 'unusedsavingsplan') AS t_unused,
    (t_commit_model AND t_ct = 'usage') OR t_unused AS t_commit_usage,
    t_commit_model AND t_ct IN ('purchase', 'refund') AS t_commit_purchase,
    lower(b_ResourceId) AS t_rid,
    if(position(t_rid, '/providers/') > 0,
       arrayStringConcat(arrayFilter((x, i) -> (i = 1 OR i % 2 = 0) AND x != '',
         splitByChar('/', splitByString('/providers/', assumeNotNull(t_rid))[-1]) AS t_parts, arrayEnumerate(t_parts)), '/'),
       NULL) AS t_arm_type,
    lower(b_ConsumedService) AS t_cs_key,
    lower(b_ResourceLocation) AS t_loc_key,
    if(JSONType(b_AdditionalInfo) = 'Object', b_AdditionalInfo, NULL) AS t_ai,
    if(b_Tags IS NULL, NULL, if(startsWith(b_Tags, '{'), b_Tags, concat('{', b_Tags, '}'))) AS t_tags,
    ifNull(JSONType(t_tags) = 'Object', 0) AS t_tags_object,
    coalesce(lower(b_BenefitId),
      if(b_ReservationId IS NULL, NULL,
         lower(concat('/providers/microsoft.capacity/reservationorders/', ifNull(b_ProductOrderId, ''), '/reservations/', b_ReservationId)))) AS t_cd_id`;
}

/**
 * Units of purchase, refund and adjustment rows (issue 10, finding 2; docs/purchases-and-units.md).
 * Azure writes commitment purchases (reservations, savings plans), their refunds and exchanges
 * without a meter, and often with an empty UnitOfMeasure and a Quantity of 1 (or none). FOCUS still
 * requires PricingQuantity/PricingUnit on a Purchase that is not a Correction (PricingQuantity-C-005-C)
 * and a CommitmentDiscountUnit beside every CommitmentDiscountQuantity (CommitmentDiscountUnit-C-006-C),
 * so a converter must not depend on the unit there:
 * - a known unit is used as is (through the PricingUnits lookup); an unknown one is kept verbatim;
 * - a Purchase (not a Correction) without a unit is one purchase: PricingQuantity = Quantity or 1,
 *   PricingUnit = 'Units'; CommitmentDiscountQuantity = Quantity or 1 for a reservation, with the
 *   commitment's own unit: 'Units' (reserved instances bought) for a reservation, the pricing
 *   currency for a savings plan (a spend commitment, quantity = amount committed);
 * - refunds (Purchase + Correction) and adjustments without a unit keep null quantities and units,
 *   which FOCUS allows (PricingQuantity-C-006-C, CommitmentDiscountQuantity-C-006-C): their cost
 *   still loads (BilledCost = Cost), so no money depends on a unit.
 */
const PURCHASE_UNIT_RULE = "coalesce(ConsumedUnitBase, if(ChargeCategory = 'Purchase' AND ChargeClass IS NULL, 'Units', NULL))";

/** The FOCUS projection; column aliases are FOCUS names (see columns.ts). */
function focusProjection(agreement: "ea" | "mca"): string {
  const mca = agreement === "mca";
  // docs/focus-mapping.md#quantities-and-units (block size and unit from PricingUnits.csv)
  const blk = "coalesce(pu.PricingBlockSize, toDecimal128(1, 18))";
  // Most units have a block size of 1: skip the Decimal256 product there (short-circuit evaluation).
  const blockQty = `if(${blk} = 1, t_qty, ${mul("t_qty", blk)})`;
  // docs/focus-mapping.md#cost-and-price (ListUnitPrice, ContractedUnitPrice; MCA converts pricing → billing currency)
  const listPrice = mca
    ? `${mul("coalesce(t_payg_price, t_unit_price, t_eff_price)", "t_fx")}`
    : "if(t_payg_price IS NULL OR (t_payg_price = 0 AND ifNull(t_unit_price, 0) != 0), coalesce(t_unit_price, t_eff_price), t_payg_price)";
  const contractedPrice = mca ? mul("coalesce(t_unit_price, t_payg_price, t_eff_price)", "t_fx") : "coalesce(t_unit_price, t_payg_price, t_eff_price)";
  // docs/focus-mapping.md#commitment-discounts-and-capacity-reservations (type from the benefit id, else the pricing model)
  const cdType = `multiIf(position(t_cd_id, '/microsoft.capacity/') > 0, 'Reservation', position(t_cd_id, '/microsoft.billingbenefits/') > 0, 'Savings Plan',
      t_cd_id IS NULL, NULL, t_pm = 'reservation', 'Reservation', t_pm = 'savingsplan', 'Savings Plan', NULL)`;
  return `
  t_cost AS x_SourceCost,
  b_AvailabilityZone AS AvailabilityZone,
  -- docs/focus-mapping.md#actual-and-amortized-files (BilledCost 0 on commitment usage, EffectiveCost 0 on purchases)
  if(t_commit_usage, toDecimal128(0, 18), t_cost) AS BilledCost,
  -- docs/focus-mapping.md#billing-account-and-sub-account (EA billing account, MCA billing profile)
  ${mca ? "b_BillingProfileId" : "coalesce(b_BillingAccountId, b_BillingProfileId)"} AS BillingAccountId,
  ${mca ? "b_BillingProfileName" : "coalesce(b_BillingAccountName, b_BillingProfileName)"} AS BillingAccountName,
  if(BillingAccountId IS NULL, NULL, '${mca ? "Billing Profile" : "Billing Account"}') AS BillingAccountType,
  upper(b_BillingCurrency) AS BillingCurrency,
  -- docs/focus-mapping.md#periods (Azure end dates are inclusive: + 1 day)
  coalesce(t_bpe + INTERVAL 1 DAY, BillingPeriodStart + INTERVAL 1 MONTH) AS BillingPeriodEnd,
  coalesce(t_bps, toDateTime(toStartOfMonth(t_date), 'UTC')) AS BillingPeriodStart,
  nullIf(JSONExtractString(ifNull(t_ai, '{}'), 'VMCapacityReservationId'), '') AS CapacityReservationId,
  if(CapacityReservationId IS NULL, NULL,
     if(t_arm_type = 'microsoft.compute/capacityreservationgroups/capacityreservations', 'Unused', 'Used')) AS CapacityReservationStatus,
  -- docs/focus-mapping.md#charge (ChargeType → ChargeCategory, ChargeClass, ChargeFrequency)
  multiIf(t_ct IN ('usage', 'unusedreservation', 'unusedsavingsplan'), 'Usage', t_ct IN ('purchase', 'refund'), 'Purchase',
          t_ct = 'credit', 'Credit', t_ct = 'tax', 'Tax', 'Adjustment') AS ChargeCategory,
  if(t_ct = 'refund', 'Correction', NULL) AS ChargeClass,
  b_ProductName AS ChargeDescription,
  multiIf(lower(b_Frequency) = 'onetime', 'One-Time', lower(b_Frequency) = 'recurring', 'Recurring',
          ChargeCategory = 'Purchase', 'Recurring', 'Usage-Based') AS ChargeFrequency,
  t_date + INTERVAL 1 DAY AS ChargePeriodEnd,
  t_date AS ChargePeriodStart,
  multiIf(CommitmentDiscountType = 'Reservation', 'Usage', CommitmentDiscountType = 'Savings Plan', 'Spend', NULL) AS CommitmentDiscountCategory,
  if(t_commit_model OR t_unused, t_cd_id, NULL) AS CommitmentDiscountId,
  if(CommitmentDiscountId IS NULL, NULL, coalesce(b_BenefitName, b_ReservationName)) AS CommitmentDiscountName,
  multiIf(CommitmentDiscountId IS NULL OR ChargeCategory NOT IN ('Usage', 'Purchase') OR ChargeClass = 'Correction', NULL,
          CommitmentDiscountCategory = 'Spend', ${div("if(ChargeCategory = 'Purchase', BilledCost, EffectiveCost)", "t_fx")},
          ChargeCategory = 'Purchase', coalesce(t_qty, toDecimal128(1, 18)),
          ${mul(blockQty, "coalesce(toDecimal128OrNull(JSONExtractRaw(ifNull(t_ai, '{}'), 'RINormalizationRatio'), 18), toDecimal128(1, 18))")}) AS CommitmentDiscountQuantity,
  if(CommitmentDiscountQuantity IS NULL, NULL, if(CommitmentDiscountCategory = 'Spend', PricingCurrency, x_PurchaseUnitBase)) AS CommitmentDiscountUnit,
  multiIf(CommitmentDiscountId IS NULL OR ChargeCategory != 'Usage', NULL, t_unused, 'Unused', 'Used') AS CommitmentDiscountStatus,
  if(CommitmentDiscountId IS NULL, NULL, ${cdType}) AS CommitmentDiscountType,
  if(ChargeCategory = 'Usage' AND NOT t_unused, ${blockQty}, NULL) AS ConsumedQuantity,
  coalesce(pu.DistinctUnits, b_UnitOfMeasure) AS ConsumedUnitBase,
  if(ConsumedQuantity IS NULL, NULL, ConsumedUnitBase) AS ConsumedUnit,
  ${mul("ContractedUnitPrice", "PricingQuantity")} AS ContractedCostCalc,
  coalesce(ContractedCostCalc, if(t_commit_usage, t_cost, BilledCost)) AS ContractedCost,
  ${contractedPrice} AS ContractedUnitPrice,
  if(t_commit_purchase, toDecimal128(0, 18), t_cost) AS EffectiveCost,
  -- docs/focus-mapping.md#data-limitations (EA cost details carry no invoice id)
  ${mca ? "b_InvoiceId" : NULL_STR} AS InvoiceId,
  coalesce(b_PartnerName, 'Microsoft') AS InvoiceIssuerName,
  coalesce(${mul("ListUnitPrice", "PricingQuantity")}, ContractedCost) AS ListCost,
  ${listPrice} AS ListUnitPrice,
  multiIf(t_commit_purchase, 'Standard', t_commit_model, 'Committed', t_pm = 'spot', 'Dynamic', 'Standard') AS PricingCategory,
  upper(coalesce(${mca ? "b_PricingCurrency" : "NULL"}, b_BillingCurrency)) AS PricingCurrency,
  ${mca ? "coalesce(t_unit_price, t_payg_price, t_eff_price)" : "ContractedUnitPrice"} AS PricingCurrencyContractedUnitPrice,
  ${mca ? `if(t_commit_purchase, toDecimal128(0, 18), coalesce(${dec("b_CostInPricingCurrency")}, ${div("t_cost", "t_fx")}))` : "EffectiveCost"} AS PricingCurrencyEffectiveCost,
  ${mca ? "coalesce(t_payg_price, t_unit_price, t_eff_price)" : "ListUnitPrice"} AS PricingCurrencyListUnitPrice,
  ${PURCHASE_UNIT_RULE} AS x_PurchaseUnitBase,
  -- Azure's rounding adjustments and some marketplace rows carry no unit of measure: no pricing quantity either
  -- (FOCUS allows null there); a unit-less purchase is priced as one unit (see PURCHASE_UNIT_RULE).
  if(x_PurchaseUnitBase IS NULL, NULL, if(ChargeCategory = 'Purchase' AND ChargeClass IS NULL, coalesce(t_qty, toDecimal128(1, 18)), t_qty)) AS PricingQuantity,
  if(PricingQuantity IS NULL, NULL,
     if(${blk} = 1, x_PurchaseUnitBase, concat(toString(toUInt64OrZero(toString(${blk}))), ' ', x_PurchaseUnitBase))) AS PricingUnit,
  -- docs/focus-mapping.md#provider-publisher-and-invoice
  'Microsoft' AS ProviderName,
  multiIf(b_PublisherName IS NULL OR b_PublisherName = 'Microsoft Corporation', 'Microsoft', b_PublisherName) AS PublisherName,
  -- docs/focus-mapping.md#service-sku-resource-and-region (open-data lookups with their fallbacks)
  if(b_ResourceLocation IS NULL, NULL, coalesce(rg.RegionId, replaceAll(t_loc_key, ' ', ''))) AS RegionId,
  if(RegionId IS NULL, NULL, coalesce(rg.RegionName, b_ResourceLocation)) AS RegionName,
  coalesce(if(t_rid IS NULL OR endsWith(t_rid, '/reservations/'), NULL, t_rid), if(t_commit_purchase, CommitmentDiscountId, NULL), t_rid) AS ResourceId,
  if(ResourceId IS NULL, NULL,
     coalesce(${mca ? "NULL" : "b_ResourceName"}, if(t_commit_purchase, CommitmentDiscountName, NULL), nullIf(splitByChar('/', ResourceId)[-1], ''))) AS ResourceName,
  if(ResourceId IS NULL, NULL, coalesce(if(t_commit_purchase, CommitmentDiscountType, NULL), rt.SingularDisplayName, t_arm_type, 'Unknown')) AS ResourceType,
  coalesce(s1.ServiceCategory, s2.ServiceCategory, s3.ServiceCategory, 'Other') AS ServiceCategory,
  coalesce(s1.ServiceName, s2.ServiceName, s3.ServiceName, b_MeterCategory, b_ConsumedService, 'Other') AS ServiceName,
  coalesce(s1.ServiceSubcategory, s2.ServiceSubcategory, s3.ServiceSubcategory, 'Other (Other)') AS ServiceSubcategory,
  -- Marketplace rows often have no product/part/meter id: fall back to the plan, then the product name.
  coalesce(${mca ? "b_ProductId" : "NULL"}, b_PartNumber, b_MeterId, b_PlanName, b_ProductName) AS SkuId,
  if(SkuId IS NULL, NULL, b_MeterName) AS SkuMeter,
  if(SkuPriceId IS NULL, NULL, ${flatJsonObject("t_ai", { keyPrefix: "x_", knownObject: true })}) AS SkuPriceDetails,
  if(SkuId IS NULL, NULL, coalesce(b_MeterId, SkuId)) AS SkuPriceId,
  if(b_SubscriptionId IS NULL, NULL, concat('/subscriptions/', lower(b_SubscriptionId))) AS SubAccountId,
  if(SubAccountId IS NULL, NULL, b_SubscriptionName) AS SubAccountName,
  if(SubAccountId IS NULL, NULL, 'Subscription') AS SubAccountType,
  ${flatJsonObject("t_tags", { objectFlag: "t_tags_object" })} AS Tags,
  -- Tags rebuilt from a JSON object are a flat object with unique keys by construction (row-rules.ts)
  t_tags_object AS ${TAGS_REBUILT},
  -- docs/focus-mapping.md#focus-13-additions (Azure has no allocation or contract data)
  ${NULL_STR} AS AllocatedMethodId, ${NULL_STR} AS AllocatedMethodDetails, ${NULL_STR} AS AllocatedResourceId,
  ${NULL_STR} AS AllocatedResourceName, ${NULL_STR} AS AllocatedTags, ${NULL_STR} AS ContractApplied,
  'Microsoft' AS HostProviderName,
  if(lower(ifNull(b_PublisherType, '')) = 'marketplace', PublisherName, 'Microsoft') AS ServiceProviderName,
  -- docs/focus-mapping.md#microsoft-x_-columns (the FocusCost 1.2-preview x_ columns)
  b_AccountId AS x_AccountId,
  b_AccountName AS x_AccountName,
  b_AccountOwnerId AS x_AccountOwnerId,
  multiIf(t_commit_purchase, 'Principal', t_commit_usage, 'Amortized Charge', NULL) AS x_AmortizationClass,
  ${mca ? dec("b_CostInUsd") : "NULL"} AS x_BilledCostInUsd,
  if(t_commit_usage, toDecimal128(0, 18), t_unit_price) AS x_BilledUnitPrice,
  b_BillingAccountId AS x_BillingAccountId,
  b_BillingAccountName AS x_BillingAccountName,
  t_fx AS x_BillingExchangeRate,
  ${mca ? usDate("b_ExchangeRateDate") : "NULL"} AS x_BillingExchangeRateDate,
  b_BillingProfileId AS x_BillingProfileId,
  b_BillingProfileName AS x_BillingProfileName,
  NULL AS x_ContractedCostInUsd,
  b_CostAllocationRuleName AS x_CostAllocationRuleName,
  b_CostCenter AS x_CostCenter,
  b_CustomerTenantId AS x_CustomerId,
  b_CustomerName AS x_CustomerName,
  NULL AS x_EffectiveCostInUsd,
  t_eff_price AS x_EffectiveUnitPrice,
  NULL AS x_InvoiceIssuerId,
  b_InvoiceSectionId AS x_InvoiceSectionId,
  b_InvoiceSectionName AS x_InvoiceSectionName,
  ${mca ? dec("b_PaygCostInUsd") : "NULL"} AS x_ListCostInUsd,
  b_PartnerEarnedCreditApplied AS x_PartnerCreditApplied,
  b_PartnerEarnedCreditRate AS x_PartnerCreditRate,
  ${blk} AS x_PricingBlockSize,
  multiIf(t_commit_model AND CommitmentDiscountCategory = 'Spend', 'Committed Spend', t_commit_model, 'Committed Usage',
          t_pm = 'spot', 'Spot', 'Standard') AS x_PricingSubcategory,
  b_UnitOfMeasure AS x_PricingUnitDescription,
  if(lower(ifNull(b_PublisherType, '')) = 'marketplace', 'Vendor', 'Cloud Provider') AS x_PublisherCategory,
  b_PublisherId AS x_PublisherId,
  b_ResellerMpnId AS x_ResellerId,
  b_ResellerName AS x_ResellerName,
  b_ResourceGroup AS x_ResourceGroupName,
  t_arm_type AS x_ResourceType,
  coalesce(s1.ServiceModel, s2.ServiceModel, s3.ServiceModel) AS x_ServiceModel,
  ${mca ? usDate("b_ServicePeriodEndDate") : "NULL"} AS x_ServicePeriodEnd,
  ${mca ? usDate("b_ServicePeriodStartDate") : "NULL"} AS x_ServicePeriodStart,
  b_ProductName AS x_SkuDescription,
  t_ai AS x_SkuDetails,
  if(b_IsAzureCreditEligible IS NULL, NULL, lower(b_IsAzureCreditEligible) IN ('true', '1', 'yes')) AS x_SkuIsCreditEligible,
  b_MeterCategory AS x_SkuMeterCategory,
  b_MeterId AS x_SkuMeterId,
  b_MeterName AS x_SkuMeterName,
  b_MeterSubCategory AS x_SkuMeterSubcategory,
  b_OfferId AS x_SkuOfferId,
  b_ProductOrderId AS x_SkuOrderId,
  b_ProductOrderName AS x_SkuOrderName,
  b_PartNumber AS x_SkuPartNumber,
  b_PlanName AS x_SkuPlanName,
  b_MeterRegion AS x_SkuRegion,
  b_ServiceFamily AS x_SkuServiceFamily,
  multiIf(b_Term IS NULL, NULL, match(b_Term, '^[0-9]+$'), toInt32OrNull(b_Term),
          match(lower(b_Term), '^[0-9]+ ?years?$'), toInt32OrNull(extract(b_Term, '^([0-9]+)')) * 12, NULL) AS x_SkuTerm,
  NULL AS x_SkuTier,
  NULL AS x_InvoiceId,
  NULL AS x_PricingCurrency,
  arrayFilter(x -> x != '', [
    if(s1.ServiceName IS NULL AND s2.ServiceName IS NULL AND s3.ServiceName IS NULL, 'service', ''),
    if(b_ResourceLocation IS NOT NULL AND rg.RegionId IS NULL, 'region', ''),
    if(b_UnitOfMeasure IS NOT NULL AND pu.DistinctUnits IS NULL, 'pricing-unit', ''),
    if(t_arm_type IS NOT NULL AND rt.SingularDisplayName IS NULL AND NOT t_commit_purchase, 'resource-type', ''),
    if(t_payg_price IS NULL AND ListUnitPrice IS NOT NULL, 'list-price', ''),
    if(${mca ? "b_ProductId" : "NULL"} IS NULL AND b_PartNumber IS NULL AND b_MeterId IS NULL AND SkuId IS NOT NULL, 'sku', '')]) AS _fallbacks,
  ${COMMIT_KIND} AS _commit`;
}

/** t_commit_purchase (see typedFields) over two text fields: a commitment purchase or refund row. */
// docs/focus-mapping.md#actual-and-amortized-files (the only rows taken from an actual file next to an amortized one)
const commitPurchase = (pricingModel: string, chargeType: string) =>
  `lower(replaceAll(ifNull(${pricingModel}, ''), ' ', '')) IN ('reservation', 'savingsplan') AND lower(ifNull(${chargeType}, 'usage')) IN ('purchase', 'refund')`;

/**
 * t_commit_purchase over the raw fields, so an actual-cost file next to an amortized one is
 * filtered while reading staging (two columns) instead of after typing every column of every row.
 */
const COMMIT_PURCHASE_PREFILTER = commitPurchase("b_PricingModel", "b_ChargeType");

/**
 * The same condition over a staging table's text columns (c1..cN): the only rows the recipe takes
 * from an actual-cost file when the amortized file is in the same run.
 */
export function azureCommitPurchaseFilter(header: string[]): string {
  const idx = resolveFields(header, AZURE_FIELDS);
  const col = (f: AzureField) => {
    const i = idx.get(f);
    return str(i === undefined ? undefined : `c${i + 1}`);
  };
  return commitPurchase(col("PricingModel"), col("ChargeType"));
}

/**
 * SELECT producing FOCUS columns (plus _file, x_SourceCost and helper columns) from one file's rows.
 * The caller wraps it to add lineage and rule results.
 */
export function azureToFocusSelect(s: AzureSource, agreement: "ea" | "mca"): string {
  return `SELECT toUInt16(${Math.trunc(s.file)}) AS _file, _row, ${focusProjection(agreement)}
FROM (
  SELECT ${typedFields(agreement)}
  FROM (SELECT _row, ${baseFields(s.header)} FROM ${s.sql}${s.selectAll ? "" : ` WHERE ${COMMIT_PURCHASE_PREFILTER}`})
  WHERE ${s.selectAll ? "1" : "t_commit_purchase"}
) AS b
LEFT JOIN dim_pricing_units AS pu ON pu.UnitOfMeasure = b.b_UnitOfMeasure
LEFT JOIN dim_regions AS rg ON rg.OriginalValue = b.t_loc_key
LEFT JOIN dim_resource_types AS rt ON rt.ResourceType = b.t_arm_type
LEFT JOIN dim_services AS s1 ON s1.ConsumedService = b.t_cs_key AND s1.ResourceType = b.t_arm_type
LEFT JOIN (SELECT ResourceType, any(ServiceName) AS ServiceName, any(ServiceCategory) AS ServiceCategory,
                  any(ServiceSubcategory) AS ServiceSubcategory, any(ServiceModel) AS ServiceModel
           FROM dim_services WHERE ResourceType != '' GROUP BY ResourceType) AS s2 ON s2.ResourceType = b.t_arm_type
LEFT JOIN (SELECT ConsumedService, any(ServiceName) AS ServiceName, any(ServiceCategory) AS ServiceCategory,
                  any(ServiceSubcategory) AS ServiceSubcategory, any(ServiceModel) AS ServiceModel
           FROM dim_services WHERE ConsumedService != '' GROUP BY ConsumedService) AS s3 ON s3.ConsumedService = b.t_cs_key`;
}

/** Counts that tell an actual-cost file from an amortized one (their headers are identical). */
export function azureKindProbeSql(stage: string, header: string[], agreement: "ea" | "mca"): string {
  return `SELECT countIf(k = 'purchase') AS purchases, countIf(k = 'unused') AS unused,
  countIf(k = 'paid-usage') AS paidCommitmentUsage, countIf(k = 'free-usage') AS freeCommitmentUsage
FROM (SELECT ${COMMIT_KIND} AS k FROM (SELECT ${typedFields(agreement)} FROM (SELECT _row, ${baseFields(header)} FROM ${stage})))`;
}
