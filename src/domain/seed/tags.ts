import type { Rng } from "./prng";
import type { Subscription } from "./model";

/**
 * EA exports write Tags as JSON members without the outer braces: `"env": "prod","team": "x"`.
 * Real quirks reproduced here: key spelling and case differ between teams, some values are empty,
 * some resources have no tags, a few carry a duplicate key with a leading space (" org"), values
 * can hold commas and non-ASCII text, and platform-managed tags (aks-managed-*, cm-resource-parent).
 */
export function tagFragment(pairs: readonly (readonly [string, string])[]): string {
  return pairs.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(",");
}

const ENV_KEYS = ["env", "Env", "environment", "Environment", "ENV"] as const;
const CC_KEYS = ["CostCenter", "costcenter", "cost-center", "CostCentre"] as const;
const OWNER_KEYS = ["owner", "Owner"] as const;
const APP_KEYS = ["app", "application", "Application", "workload"] as const;
const OWNERS = ["jane.doe@contoso.com", "li.wei@contoso.com", "José Müller", "priya.natarajan@contoso.com", "ops-team@contoso.com"];

const ENV_VALUES: Record<Subscription["env"], readonly string[]> = {
  prod: ["prod", "Prod", "production"],
  dev: ["dev", "Dev", "development"],
  test: ["test", "Test", "qa"],
  sandbox: ["sandbox", "dev"],
};

export interface TagOptions {
  app: string;
  system?: readonly (readonly [string, string])[];
  /** Resource types that are seldom tagged by hand (disks created by AKS, etc.). */
  systemOnly?: boolean;
}

export function resourceTags(rng: Rng, sub: Subscription, opts: TagOptions): string {
  const pairs: (readonly [string, string])[] = [];
  const untagged = sub.env === "sandbox" ? 0.5 : sub.env === "prod" ? 0.08 : 0.25;
  if (!opts.systemOnly && !rng.chance(untagged)) {
    // each team (subscription) has its own spelling; a few resources deviate from it
    const style = rng.chance(0.85) ? sub.id.charCodeAt(0) + sub.id.charCodeAt(1) : rng.uint32();
    pairs.push([ENV_KEYS[style % ENV_KEYS.length] as string, rng.pick(ENV_VALUES[sub.env])]);
    pairs.push([CC_KEYS[(style >>> 2) % CC_KEYS.length] as string, rng.chance(0.06) ? "" : sub.costCenter]);
    if (rng.chance(0.6)) pairs.push([OWNER_KEYS[style % 2] as string, rng.chance(0.05) ? "" : rng.pick(OWNERS)]);
    if (rng.chance(0.7)) pairs.push([APP_KEYS[(style >>> 3) % APP_KEYS.length] as string, opts.app]);
    if (rng.chance(0.3)) pairs.push(["org", "contoso"]);
    if (rng.chance(0.03)) pairs.push([" org", "contoso"]);
    if (rng.chance(0.04)) pairs.push(["description", `${opts.app} workload, ${sub.env}`]);
  }
  if (opts.system) pairs.push(...opts.system);
  return tagFragment(pairs);
}
