import { QTY_ONE } from "./fixed-decimal";
import type { MeterKey } from "./meter-catalog";
import type { QtyModel, SeedResource, SeedStream, Subscription } from "./model";
import { PriceSheet } from "./pricing";
import { Rng, stableUuid } from "./prng";
import { SEED_REGIONS, type SeedRegion } from "./regions";
import { resourceTags, type TagOptions } from "./tags";

export const HOUR = QTY_ONE; // quantise compute to whole hours

export function qty(base: number, o: Partial<Omit<QtyModel, "base">> = {}): QtyModel {
  return { base, weekend: o.weekend ?? 1, growth: o.growth ?? 0, noise: o.noise ?? 0, step: o.step ?? 0, perMonth: o.perMonth ?? false };
}

export interface ResourceInput {
  sub: Subscription;
  resourceGroup: string;
  /** Path after /providers/, e.g. Microsoft.Sql/servers/sql-erp/databases/erp. */
  path: string;
  name: string;
  consumedService: string;
  tags: TagOptions | string;
  region?: SeedRegion | null;
  availabilityZone?: string;
  additionalInfo?: string;
  serviceInfo2?: string;
  /** Force the id spelling (e.g. Log Analytics writes ids in lower case). */
  idCase?: "as-is" | "lower" | "upper-sub";
}

/** Accumulates resources and their meter streams; every name and id comes from the seeded rng. */
export class UniverseBuilder {
  readonly streams: SeedStream[] = [];
  readonly prices: PriceSheet;
  private counter = 0;
  constructor(
    readonly seed: number,
    readonly rng: Rng,
  ) {
    this.prices = new PriceSheet(seed);
  }

  nextNo(): number {
    return ++this.counter;
  }

  suffix(n = 4): string {
    return this.rng.hex(n);
  }

  regionOf(sub: Subscription): SeedRegion {
    return SEED_REGIONS[sub.region];
  }

  resource(r: ResourceInput): SeedResource {
    const region = r.region === undefined ? this.regionOf(r.sub) : r.region;
    const idCase = r.idCase ?? this.rng.weighted([
      { weight: 80, value: "as-is" as const },
      { weight: 10, value: "lower" as const },
      { weight: 10, value: "upper-sub" as const },
    ]);
    let id = `/subscriptions/${r.sub.id}/resourceGroups/${r.resourceGroup}/providers/${r.path}`;
    if (idCase === "lower") id = id.toLowerCase();
    if (idCase === "upper-sub") id = id.replace(r.sub.id, r.sub.id.toUpperCase());
    const location = region
      ? this.rng.weighted([
          { weight: 45, value: region.locations[0] ?? region.id },
          { weight: 45, value: region.locations[1] ?? region.id },
          { weight: 10, value: region.locations[2] ?? region.id },
        ])
      : this.rng.pick(["global", "Unassigned"]);
    return {
      sub: r.sub,
      resourceGroup: r.resourceGroup,
      id,
      name: r.name,
      type: r.path.split("/").filter((_, i) => i === 0 || i % 2 === 1).join("/"),
      location,
      region,
      consumedService: r.consumedService,
      tags: typeof r.tags === "string" ? r.tags : resourceTags(this.rng, r.sub, r.tags),
      availabilityZone: r.availabilityZone ?? "",
      additionalInfo: r.additionalInfo ?? "",
      serviceInfo2: r.serviceInfo2 ?? "",
    };
  }

  stream(resource: SeedResource, meter: MeterKey, q: QtyModel, extra: Partial<SeedStream> = {}): SeedStream {
    const s: SeedStream = {
      key: `${resource.id}|${meter}|${this.streams.length}`,
      resource,
      meter: this.prices.meter(meter, resource.region),
      qty: q,
      pricingModel: "OnDemand",
      ...extra,
    };
    this.streams.push(s);
    return s;
  }

  guid(label: string): string {
    return stableUuid(this.seed, label);
  }
}
