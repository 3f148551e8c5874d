import type { MeterSpec } from "./meter-catalog";
import type { SeedRegion, SeedRegionId } from "./regions";

export interface Department {
  id: string;
  name: string;
}

export interface EnrollmentAccount {
  id: string;
  name: string;
  ownerEmail: string;
  department: Department;
}

export type SubscriptionProfile = "platform" | "aks" | "web" | "data" | "corp" | "dev" | "connectivity" | "ml";

export interface Subscription {
  id: string;
  name: string;
  account: EnrollmentAccount;
  env: "prod" | "dev" | "test" | "sandbox";
  /** MS-AZR-0017P (EA production) or MS-AZR-0148P (EA dev/test). */
  offerId: string;
  costCenter: string;
  region: SeedRegionId;
  profile: SubscriptionProfile;
  weight: number;
}

export interface Enrollment {
  billingAccountId: string;
  billingAccountName: string;
  currency: "USD";
  departments: Department[];
  accounts: EnrollmentAccount[];
  subscriptions: Subscription[];
}

export interface SeedResource {
  sub: Subscription;
  resourceGroup: string;
  id: string;
  name: string;
  /** ARM type, e.g. Microsoft.Compute/virtualMachines. */
  type: string;
  /** ResourceLocation as written (spelling varies like in real exports). */
  location: string;
  region: SeedRegion | null;
  consumedService: string;
  tags: string;
  availabilityZone: string;
  additionalInfo: string;
  serviceInfo2: string;
}

/** A meter priced for one region. Prices in 1e-6 USD. */
export interface PricedMeter {
  spec: MeterSpec;
  meterId: string;
  partNumber: string;
  meterRegion: string;
  productName: string;
  paygPrice: number;
  unitPrice: number;
}

/** How a stream's daily quantity moves: all factors are plain arithmetic (deterministic). */
export interface QtyModel {
  /** Quantity on a weekday at the start of the window, in UnitOfMeasure units. */
  base: number;
  /** Divide by the days of the month (1/Month, GB/Month meters). */
  perMonth?: boolean;
  weekend: number;
  /** Growth per 365 days, as a fraction. */
  growth: number;
  /** ± fraction of uniform noise. */
  noise: number;
  /** Quantise to multiples of this many 1e-4 units (10000 = whole hours); 0 = none. */
  step: number;
}

export interface Commitment {
  kind: "Reservation" | "SavingsPlan";
  key: string;
  orderId: string;
  /** Reservation id or savings-plan id. */
  benefitGuid: string;
  benefitId: string;
  name: string;
  productOrderName: string;
  termMonths: number;
  billing: "monthly" | "upfront";
  /** Day numbers: bought on `purchaseDay`, applies while day < `endDay`. */
  purchaseDay: number;
  endDay: number;
  sub: Subscription;
  location: string;
  locationName: string;
  /** Reservation: the reserved SKU, capacity in hours per day (1e-4 units) and hourly amortised rate. */
  meter?: PricedMeter;
  capacityPerDay: number;
  effectivePrice: number;
  /** Savings plan: hourly commitment (1e-6 USD) and the discount it gives on covered meters. */
  hourlyCommitment: number;
  discountPermille: number;
  /** Upfront total or monthly payment (1e-6 USD). */
  paymentAmount: number;
  refund?: { day: number; amount: number };
}

export interface SeedStream {
  key: string;
  resource: SeedResource;
  meter: PricedMeter;
  qty: QtyModel;
  pricingModel: "OnDemand" | "Spot";
  marketplace?: { publisherName: string; planName: string; price: number };
  commitment?: Commitment;
  /** Amortised price per unit while the commitment covers this stream (1e-6 USD). */
  commitmentPrice?: number;
  /** Ephemeral resources (e.g. AKS volumes) are replaced every `churnDays` with a new id. */
  churn?: { days: number; make: (generation: number) => SeedResource };
  /** Injected anomalies: day number → quantity multiplier. */
  anomaly?: Map<number, number>;
}
