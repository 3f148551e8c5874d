import { Rng, stableUuid } from "./prng";
import type { Enrollment, EnrollmentAccount, Subscription, SubscriptionProfile } from "./model";
import type { SeedRegionId } from "./regions";

/** One EA enrollment: 3 departments (invoice sections), 4 enrollment accounts, 19 subscriptions. */
const DEPARTMENTS = ["Engineering", "Data & Analytics", "Corporate IT"] as const;

const ACCOUNTS: { name: string; owner: string; dept: number }[] = [
  { name: "Platform Engineering", owner: "platform-eng@contoso.com", dept: 0 },
  { name: "Product Teams", owner: "product-cloud@contoso.com", dept: 0 },
  { name: "Data Platform", owner: "data-platform@contoso.com", dept: 1 },
  { name: "Corporate IT", owner: "corp-it-azure@contoso.com", dept: 2 },
];

type SubDef = [name: string, account: number, env: Subscription["env"], region: SeedRegionId, profile: SubscriptionProfile, weight: number];

const SUBSCRIPTIONS: SubDef[] = [
  ["contoso-platform-prod", 0, "prod", "eastus", "platform", 10],
  ["contoso-platform-nonprod", 0, "dev", "eastus", "dev", 4],
  ["contoso-aks-prod", 0, "prod", "westeurope", "aks", 10],
  ["contoso-connectivity-hub", 0, "prod", "eastus", "connectivity", 3],
  ["contoso-shared-services", 0, "prod", "eastus2", "platform", 3],
  ["webshop-prod", 1, "prod", "westeurope", "web", 8],
  ["webshop-dev", 1, "dev", "westeurope", "dev", 3],
  ["mobile-api-prod", 1, "prod", "eastus2", "web", 5],
  ["mobile-api-test", 1, "test", "eastus2", "dev", 2],
  ["payments-prod", 1, "prod", "northeurope", "web", 5],
  ["sandbox-engineering", 1, "sandbox", "westus2", "dev", 2],
  ["data-lake-prod", 2, "prod", "eastus", "data", 8],
  ["data-lake-dev", 2, "dev", "eastus", "data", 2],
  ["ml-research", 2, "dev", "swedencentral", "ml", 4],
  ["analytics-prod", 2, "prod", "uksouth", "data", 5],
  ["corp-it-prod", 3, "prod", "northeurope", "corp", 4],
  ["corp-identity", 3, "prod", "uksouth", "corp", 2],
  ["corp-erp-prod", 3, "prod", "westeurope", "corp", 5],
  ["corp-it-dev", 3, "dev", "centralus", "dev", 1],
];

export function buildEnrollment(seed: number, billingAccountId?: string): Enrollment {
  const rng = Rng.of(seed, "enrollment");
  const baId = billingAccountId ?? String(rng.int(5_000_000, 99_999_999));
  if (!/^\d{5,12}$/.test(baId)) throw new Error(`billingAccountId must be an EA enrollment number (digits), got "${baId}"`);
  const departments = DEPARTMENTS.map((name) => ({ id: String(rng.int(100_000, 999_999)), name }));
  const accounts: EnrollmentAccount[] = ACCOUNTS.map((a) => ({
    id: String(rng.int(100_000, 999_999)),
    name: a.name,
    ownerEmail: a.owner,
    department: departments[a.dept] as EnrollmentAccount["department"],
  }));
  const subscriptions: Subscription[] = SUBSCRIPTIONS.map(([name, acc, env, region, profile, weight]) => ({
    id: stableUuid(seed, `sub:${name}`),
    name,
    account: accounts[acc] as EnrollmentAccount,
    env,
    offerId: env === "prod" ? "MS-AZR-0017P" : "MS-AZR-0148P",
    costCenter: `CC-${1000 + rng.int(0, 899)}`,
    region,
    profile,
    weight,
  }));
  return {
    billingAccountId: baId,
    billingAccountName: "Contoso Ltd (Enterprise Agreement)",
    currency: "USD",
    departments,
    accounts,
    subscriptions,
  };
}

export function subscriptionByName(e: Enrollment, name: string): Subscription {
  const s = e.subscriptions.find((x) => x.name === name);
  if (!s) throw new Error(`no subscription ${name}`);
  return s;
}
