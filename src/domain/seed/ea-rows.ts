import type { EaRecord } from "./csv-row";
import { formatScaled, PRICE_DECIMALS } from "./fixed-decimal";
import type { Commitment, Enrollment, PricedMeter, SeedResource, SeedStream, Subscription } from "./model";

/** Static (per resource meter) columns of EA export rows, and the few one-off rows. */

const price = (v: number) => formatScaled(v, PRICE_DECIMALS);

function billingColumns(e: Enrollment): EaRecord {
  return {
    BillingAccountId: e.billingAccountId,
    BillingAccountName: e.billingAccountName,
    BillingProfileId: e.billingAccountId, // EA: billing profile = billing account
    BillingProfileName: e.billingAccountName,
    BillingCurrencyCode: e.currency,
  };
}

function subscriptionColumns(sub: Subscription): EaRecord {
  return {
    InvoiceSectionName: sub.account.department.name,
    InvoiceSectionId: sub.account.department.id,
    AccountName: sub.account.name,
    AccountOwnerId: sub.account.ownerEmail,
    AccountId: sub.account.id,
    SubscriptionId: sub.id,
    SubscriptionName: sub.name,
    CostCenter: sub.costCenter,
  };
}

function meterColumns(m: PricedMeter): EaRecord {
  return {
    ProductName: m.productName,
    MeterCategory: m.spec.category,
    MeterSubCategory: m.spec.subCategory,
    MeterId: m.meterId,
    MeterName: m.spec.name,
    MeterRegion: m.meterRegion,
    UnitOfMeasure: m.spec.unit,
    PartNumber: m.partNumber,
    ServiceFamily: m.spec.family,
  };
}

function resourceColumns(r: SeedResource): EaRecord {
  return {
    ResourceGroup: r.resourceGroup,
    ResourceLocation: r.location,
    ResourceLocationNormalized: r.region?.name ?? "",
    ConsumedService: r.consumedService,
    ResourceId: r.id,
    ResourceName: r.name,
    Tags: r.tags,
    AdditionalInfo: r.additionalInfo,
    ServiceInfo2: r.serviceInfo2,
    AvailabilityZone: r.availabilityZone,
    OfferId: r.sub.offerId,
  };
}

/** A usage row of a stream; `covered` = billed through its reservation / savings plan that day. */
export function usageRecord(e: Enrollment, s: SeedStream, r: SeedResource, covered: boolean): EaRecord {
  const m = s.meter;
  const rec: EaRecord = {
    ...billingColumns(e),
    ...subscriptionColumns(r.sub),
    ...meterColumns(m),
    ...resourceColumns(r),
    ChargeType: "Usage",
    Frequency: "UsageBased",
    PricingModel: s.pricingModel,
    PublisherType: "Azure",
    PublisherName: "Microsoft",
    IsAzureCreditEligible: "True",
    UnitPrice: price(m.unitPrice),
    PayGPrice: price(m.paygPrice),
    PlanName: m.spec.name.split(" ")[0] ?? "",
  };
  if (s.marketplace) {
    // Marketplace: third-party publisher, no EA unit or pay-go price, not payable by credit
    Object.assign(rec, {
      PublisherType: "Marketplace",
      PublisherName: s.marketplace.publisherName,
      PlanName: s.marketplace.planName,
      UnitPrice: "",
      PayGPrice: "",
      IsAzureCreditEligible: "False",
    });
  }
  const c = s.commitment;
  if (covered && c) {
    Object.assign(rec, {
      PricingModel: c.kind,
      ProductOrderId: c.orderId,
      ProductOrderName: c.productOrderName,
      Term: String(c.termMonths),
      benefitId: c.benefitId,
      benefitName: c.name,
    });
    if (c.kind === "Reservation") {
      // EA quirks seen in real files: PayGPrice 0 and no publisher on reservation usage
      Object.assign(rec, { ReservationId: c.benefitGuid, ReservationName: c.name, PayGPrice: "0", PublisherName: "" });
      const info = r.additionalInfo ? (JSON.parse(r.additionalInfo) as Record<string, unknown>) : {};
      rec.AdditionalInfo = JSON.stringify({ ...info, ReservationOrderId: c.orderId, ReservationId: c.benefitGuid, ConsumptionMeter: m.meterId, RINormalizationRatio: 1 });
    }
  }
  return rec;
}

const commitmentMeter = (c: Commitment): EaRecord =>
  c.meter
    ? meterColumns(c.meter)
    : { ProductName: c.productOrderName, MeterCategory: "Savings Plan", MeterSubCategory: "Compute", MeterName: "Compute Savings Plan", UnitOfMeasure: "1 Hour", ServiceFamily: "Compute" };

function commitmentBase(e: Enrollment, c: Commitment): EaRecord {
  return {
    ...billingColumns(e),
    ...subscriptionColumns(c.sub),
    ...commitmentMeter(c),
    ResourceLocation: c.location,
    ResourceLocationNormalized: c.locationName,
    ConsumedService: c.kind === "Reservation" ? "Microsoft.Capacity" : "Microsoft.BillingBenefits",
    ResourceId: c.benefitId,
    ProductOrderId: c.orderId,
    ProductOrderName: c.productOrderName,
    Term: String(c.termMonths),
    PublisherType: "Azure",
    PublisherName: c.kind === "Reservation" ? "" : "Microsoft",
    PricingModel: c.kind,
    IsAzureCreditEligible: "True",
    benefitId: c.benefitId,
    benefitName: c.name,
    ReservationId: c.kind === "Reservation" ? c.benefitGuid : "",
    ReservationName: c.kind === "Reservation" ? c.name : "",
  };
}

/**
 * Actual-cost purchase of a reservation or savings plan (Quantity 1, the amount as price and cost).
 * Real EA purchase and refund rows often have an empty UnitOfMeasure (issue 10, finding 2): so do these.
 */
export function purchaseRecord(e: Enrollment, c: Commitment, amount: string): EaRecord {
  const rec: EaRecord = {
    ...commitmentBase(e, c),
    UnitOfMeasure: "",
    Quantity: "1",
    EffectivePrice: amount,
    UnitPrice: amount,
    CostInBillingCurrency: amount,
    PayGPrice: "0",
    ChargeType: "Purchase",
    // monthly savings-plan payments arrive as UsageBased in real exports (FTK forces Recurring)
    Frequency: c.billing === "upfront" ? "OneTime" : c.kind === "SavingsPlan" ? "UsageBased" : "Recurring",
  };
  if (c.kind === "Reservation") {
    // real EA purchase rows: ResourceId/benefitId end at ".../reservations/" and ReservationId holds the order id
    const truncated = `/providers/Microsoft.Capacity/reservationOrders/${c.orderId}/reservations/`;
    Object.assign(rec, { ResourceId: truncated, benefitId: truncated, ReservationId: c.orderId });
  }
  return rec;
}

/** Refund: negative quantity and cost, prices stay non-negative (price × quantity = cost). */
export function refundRecord(e: Enrollment, c: Commitment, refundedPrice: string, cost: string): EaRecord {
  return { ...commitmentBase(e, c), UnitOfMeasure: "", Quantity: "-1", EffectivePrice: refundedPrice, UnitPrice: refundedPrice, CostInBillingCurrency: cost, PayGPrice: "0", ChargeType: "Refund", Frequency: "OneTime" };
}

/** Amortized-only row for the part of a commitment nobody used that day. */
export function unusedRecord(e: Enrollment, c: Commitment, quantity: string, effectivePrice: string, cost: string): EaRecord {
  return {
    ...commitmentBase(e, c),
    UnitOfMeasure: "1 Hour",
    Quantity: quantity,
    EffectivePrice: effectivePrice,
    CostInBillingCurrency: cost,
    UnitPrice: c.meter ? price(c.meter.unitPrice) : effectivePrice,
    PayGPrice: "0",
    ChargeType: c.kind === "Reservation" ? "UnusedReservation" : "UnusedSavingsPlan",
    Frequency: "UsageBased",
    AdditionalInfo: c.kind === "Reservation" ? JSON.stringify({ ReservationOrderId: c.orderId, ReservationId: c.benefitGuid }) : "",
  };
}

/** Monthly Marketplace SaaS charge: identical in actual and amortized files. */
export function saasPurchaseRecord(e: Enrollment, s: SeedStream, amount: string): EaRecord {
  return {
    ...usageRecord(e, s, s.resource, false),
    Quantity: "1",
    EffectivePrice: amount,
    CostInBillingCurrency: amount,
    ChargeType: "Purchase",
    Frequency: "Recurring",
    Term: "1",
  };
}

/** Invoice rounding, not tied to any subscription (EA sentinels: Unassigned, -2). */
export function roundingRecord(e: Enrollment, cost: string): EaRecord {
  return {
    ...billingColumns(e),
    InvoiceSectionName: "Unassigned",
    InvoiceSectionId: "-2",
    AccountId: "-2",
    ResourceLocation: "Unassigned",
    ProductName: "Rounding Adjustment",
    UnitOfMeasure: "1",
    Quantity: "0",
    EffectivePrice: "0",
    UnitPrice: "0",
    CostInBillingCurrency: cost,
    ChargeType: "RoundingAdjustment",
    Frequency: "OneTime",
    PublisherType: "Azure",
    PublisherName: "Microsoft",
    IsAzureCreditEligible: "True",
  };
}
