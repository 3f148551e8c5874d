import { HOUR, UniverseBuilder } from "./builder";
import { buildEnrollment, subscriptionByName } from "./enrollment";
import { applyPermille, COST_PER_PRICE_UNIT, mulExact, QTY_ONE } from "./fixed-decimal";
import type { Commitment, Enrollment, SeedResource, SeedStream, Subscription } from "./model";
import { Rng } from "./prng";
import { SEED_REGIONS } from "./regions";
import { addAks, addAppService, addLogAnalytics, addSql, addStorage, addVm, APP_NAMES, PROFILE_MIX } from "./workloads";

/** rowsPerDay below this cannot hold the fixed scenario (commitments, anomalies, marketplace). */
export const MIN_ROWS_PER_DAY = 100;

export interface SeedWindow {
  startDay: number;
  /** Exclusive. */
  endDay: number;
}

export interface AnomalyPlan {
  id: string;
  description: string;
  stream: SeedStream;
  days: number[];
  multiplier: number;
}

export interface SaasPurchase {
  resource: SeedResource;
  stream: SeedStream;
}

export interface Universe {
  enrollment: Enrollment;
  streams: SeedStream[];
  commitments: Commitment[];
  anomalies: AnomalyPlan[];
  saas: SaasPurchase;
}

const cents = (amount: number) => Math.round(amount / 10_000) * 10_000;

function reservation(b: UniverseBuilder, o: {
  key: string; sub: Subscription; meterKey: "vmD4sv5" | "vmE4sv5" | "sqlVcore"; region: keyof typeof SEED_REGIONS;
  units: number; termMonths: number; billing: "monthly" | "upfront"; discountPermille: number;
  purchaseDay: number; endDay?: number; productOrderName: string; covers: SeedStream[];
}): Commitment {
  const region = SEED_REGIONS[o.region];
  const meter = b.prices.meter(o.meterKey, region);
  const orderId = b.guid(`ri-order:${o.key}`);
  const riId = b.guid(`ri:${o.key}`);
  const effectivePrice = applyPermille(meter.paygPrice, 1000 - o.discountPermille);
  const termHours = (o.termMonths / 12) * 8760;
  const c: Commitment = {
    kind: "Reservation",
    key: o.key,
    orderId,
    benefitGuid: riId,
    benefitId: `/providers/Microsoft.Capacity/reservationOrders/${orderId}/reservations/${riId}`,
    name: `${o.key}_${o.billing === "monthly" ? "Monthly" : "Upfront"}`,
    productOrderName: o.productOrderName,
    termMonths: o.termMonths,
    billing: o.billing,
    purchaseDay: o.purchaseDay,
    endDay: o.endDay ?? o.purchaseDay + Math.round((o.termMonths / 12) * 365),
    sub: o.sub,
    location: region.locations[1] ?? region.id,
    locationName: region.name,
    meter,
    capacityPerDay: o.units * 24 * QTY_ONE,
    effectivePrice,
    hourlyCommitment: 0,
    discountPermille: o.discountPermille,
    // monthly reservations bill a fixed 730 hours a month; upfront pays the whole term at once
    paymentAmount: mulExact(effectivePrice, o.units * (o.billing === "monthly" ? 730 : termHours)),
  };
  for (const s of o.covers) {
    s.commitment = c;
    s.commitmentPrice = effectivePrice;
  }
  return c;
}

function savingsPlan(b: UniverseBuilder, o: { key: string; sub: Subscription; purchaseDay: number; covers: SeedStream[] }): Commitment {
  const orderId = b.guid(`sp-order:${o.key}`);
  const spId = b.guid(`sp:${o.key}`);
  let maxDaily = 0; // 1e-10 USD, covered streams are flat (no growth, no noise)
  for (const s of o.covers) {
    const discount = s.meter.spec.category === "Azure App Service" ? 200 : 350;
    s.commitmentPrice = applyPermille(s.meter.unitPrice, 1000 - discount);
    maxDaily += mulExact(Math.round(s.qty.base * QTY_ONE), s.commitmentPrice);
  }
  // hourly commitment sized 8 % above the busiest day, rounded up to cents
  const hourly = Math.ceil((maxDaily * 1.08) / 24 / COST_PER_PRICE_UNIT / 10_000) * 10_000;
  const c: Commitment = {
    kind: "SavingsPlan",
    key: o.key,
    orderId,
    benefitGuid: spId,
    benefitId: `/providers/Microsoft.BillingBenefits/savingsPlanOrders/${orderId}/savingsPlans/${spId}`,
    name: `${o.key}_Compute_SavingsPlan`,
    productOrderName: "Compute savings plan, 3 Years",
    termMonths: 36,
    billing: "monthly",
    purchaseDay: o.purchaseDay,
    endDay: o.purchaseDay + 1095,
    sub: o.sub,
    location: "global",
    locationName: "",
    capacityPerDay: 0,
    effectivePrice: hourly,
    hourlyCommitment: hourly,
    discountPermille: 350,
    paymentAmount: 0, // hourly commitment × hours of the billed month
  };
  for (const s of o.covers) s.commitment = c;
  return c;
}

export function buildUniverse(seed: number, rowsPerDay: number, window: SeedWindow, billingAccountId?: string): Universe {
  if (!Number.isInteger(rowsPerDay) || rowsPerDay < MIN_ROWS_PER_DAY) {
    throw new Error(`rowsPerDay must be a whole number of at least ${MIN_ROWS_PER_DAY}, got ${rowsPerDay}`);
  }
  const enrollment = buildEnrollment(seed, billingAccountId);
  const b = new UniverseBuilder(seed, Rng.of(seed, "universe"));
  const sub = (name: string) => subscriptionByName(enrollment, name);
  const { startDay, endDay } = window;
  const days = endDay - startDay;

  // --- fixed scenario: commitments and the resources they cover -----------------------------
  const platform = sub("contoso-platform-prod");
  const riVms = [0, 1, 2, 3].map(() => addVm(b, platform, "core", { size: "vmD4sv5", alwaysOn: true }));
  riVms.push(addVm(b, platform, "batch", { size: "vmD4sv5", alwaysOn: false }), addVm(b, platform, "batch", { size: "vmD4sv5", alwaysOn: false }));
  const erp = sub("corp-erp-prod");
  const erpDb = addSql(b, erp, "erp", { vcores: 8 });
  const analytics = sub("analytics-prod");
  const returnedVms = [0, 1, 2].map(() => addVm(b, analytics, "bi", { size: "vmE4sv5", alwaysOn: true }));
  const webshop = sub("webshop-prod");
  const mobile = sub("mobile-api-prod");
  const spCovered = [
    addAppService(b, webshop, "web", { meter: "appP1v3", instances: 3 }),
    addAppService(b, webshop, "api", { meter: "appP1v3", instances: 2 }),
    addAppService(b, mobile, "api", { meter: "appP1v3", instances: 2 }),
    addVm(b, mobile, "worker", { size: "vmD2sv5", alwaysOn: true }),
    addVm(b, mobile, "worker", { size: "vmD2sv5", alwaysOn: true }),
  ];

  // --- anomaly carriers ---------------------------------------------------------------------
  const lakeLogs = addLogAnalytics(b, sub("data-lake-prod"), "datalake", { ingestGb: 120 });
  const cdnEgress = addStorage(b, webshop, "cdn", { egressGb: 300 }).egress as SeedStream;
  const aksShop = addAks(b, sub("contoso-aks-prod"), "shop", { userNodes: 6, spot: true }).userPool;

  // --- marketplace: a FortiGate firewall VM (hourly licence) and a Datadog SaaS plan ---------
  const hub = sub("contoso-connectivity-hub");
  const fgVm = addVm(b, hub, "fortigate", { size: "vmF8sv2", alwaysOn: true });
  const fgLicence = b.prices.meter("fortigateLicense", null);
  b.stream(fgVm.resource, "fortigateLicense", { base: 24, weekend: 1, growth: 0, noise: 0, step: HOUR }, {
    marketplace: { publisherName: "Fortinet", planName: "fortinet_fg-vm_payg_2023", price: fgLicence.paygPrice },
  });
  const shared = sub("contoso-shared-services");
  const saasRes = b.resource({
    sub: shared, resourceGroup: "rg-shared-services-observability", path: "Microsoft.SaaS/resources/datadog-contoso", name: "datadog-contoso",
    consumedService: "Microsoft.SaaS", tags: { app: "observability" }, region: null, idCase: "as-is",
  });
  const saasStream: SeedStream = {
    key: "saas:datadog", resource: saasRes, meter: b.prices.meter("datadogSaas", null), pricingModel: "OnDemand",
    qty: { base: 1, weekend: 1, growth: 0, noise: 0, step: 0 },
    marketplace: { publisherName: "Datadog", planName: "datadog-pro-payg", price: b.prices.meter("datadogSaas", null).paygPrice },
  };

  const anchors = b.streams.length;
  if (anchors > MIN_ROWS_PER_DAY) throw new Error(`internal: ${anchors} fixed streams exceed the minimum rowsPerDay`);

  // --- the rest: workloads by subscription weight and profile --------------------------------
  const subs = enrollment.subscriptions.map((s) => ({ weight: s.weight, value: s }));
  while (b.streams.length < rowsPerDay) {
    const s = b.rng.weighted(subs);
    const workload = b.rng.weighted(PROFILE_MIX[s.profile]);
    workload(b, s, b.rng.pick(APP_NAMES));
  }
  const streams = b.streams.slice(0, rowsPerDay);

  // --- commitments ----------------------------------------------------------------------------
  const mid = startDay + Math.floor(days / 2);
  const riMonthly = reservation(b, {
    key: "VM_RI_D4sv5_EastUS", sub: platform, meterKey: "vmD4sv5", region: "eastus", units: 6, termMonths: 36, billing: "monthly",
    discountPermille: 600, purchaseDay: startDay - 45, productOrderName: "Reserved VM Instance, Standard_D4s_v5, US East, 3 Years", covers: riVms,
  });
  const riUpfront = reservation(b, {
    key: "SQL_RI_GP_Gen5_WestEurope", sub: erp, meterKey: "sqlVcore", region: "westeurope", units: 10, termMonths: 36, billing: "upfront",
    discountPermille: 550, purchaseDay: startDay + Math.floor(days / 4), productOrderName: "SQL Database Single/Elastic Pool General Purpose - Compute Gen5, West Europe, 3 Years", covers: [erpDb],
  });
  const riReturned = reservation(b, {
    key: "VM_RI_E4sv5_UKSouth", sub: analytics, meterKey: "vmE4sv5", region: "uksouth", units: 4, termMonths: 12, billing: "upfront",
    discountPermille: 400, purchaseDay: startDay - 100, endDay: mid, productOrderName: "Reserved VM Instance, Standard_E4s_v5, UK South, 1 Year", covers: returnedVms,
  });
  // returned half-way: refund of the unused part of the term, to the cent
  riReturned.refund = { day: mid, amount: -cents(Math.floor((riReturned.paymentAmount * (riReturned.purchaseDay + 365 - mid)) / 365)) };
  const sp = savingsPlan(b, { key: "Contoso", sub: shared, purchaseDay: startDay - 20, covers: spCovered });

  // --- anomalies (only when the window is long enough to show a baseline) --------------------
  const anomalies: AnomalyPlan[] = [];
  if (days >= 7) {
    const plan = (id: string, description: string, stream: SeedStream, first: number, count: number, multiplier: number) => {
      const ds = Array.from({ length: count }, (_, i) => startDay + first + i);
      stream.anomaly = new Map(ds.map((d) => [d, multiplier]));
      anomalies.push({ id, description, stream, days: ds, multiplier });
    };
    plan("aks-scale-out", "AKS user node pool scaled out 4× for three days", aksShop, Math.floor(days * 0.3), 3, 4);
    plan("log-ingestion-spike", "Log Analytics data ingestion 9× for two days (debug logging left on)", lakeLogs, Math.floor(days * 0.6), 2, 9);
    plan("egress-spike", "Internet egress from a storage account 20× for one day", cdnEgress, days - 3, 1, 20);
  }

  return { enrollment, streams, commitments: [riMonthly, riUpfront, riReturned, sp], anomalies, saas: { resource: saasRes, stream: saasStream } };
}
