import { applyPermille, parseScaled, PRICE_DECIMALS } from "./fixed-decimal";
import { EA_DISCOUNT_PERMILLE, METERS, type MeterKey } from "./meter-catalog";
import type { PricedMeter } from "./model";
import { hash32, stableUuid } from "./prng";
import type { SeedRegion } from "./regions";

const PART_PREFIXES = ["AAA", "AAD", "AAF", "AAH", "AAK", "N9H", "T6Z"];

/** Price a catalog meter for one region (regional uplift, EA discount); cached per (meter, region). */
export class PriceSheet {
  private cache = new Map<string, PricedMeter>();
  constructor(private readonly seed: number) {}

  meter(key: MeterKey, region: SeedRegion | null): PricedMeter {
    const spec = METERS[key];
    const regionId = spec.regional && region ? region.id : "global";
    const cacheKey = `${key}@${regionId}`;
    const hit = this.cache.get(cacheKey);
    if (hit) return hit;
    const base = parseScaled(spec.payg, PRICE_DECIMALS);
    const uplift = spec.regional && region ? region.uplift : 1000;
    const paygPrice = applyPermille(base, uplift);
    const discount = "noEaDiscount" in spec && spec.noEaDiscount ? 0 : (EA_DISCOUNT_PERMILLE[spec.family] ?? 0);
    const unitPrice = applyPermille(paygPrice, 1000 - discount);
    const meterRegion = spec.regional && region ? region.meterRegion : (spec.meterRegion ?? "");
    const h = hash32(`${this.seed}:part:${cacheKey}`);
    const priced: PricedMeter = {
      spec,
      meterId: stableUuid(this.seed, `meter:${cacheKey}`),
      partNumber: `${PART_PREFIXES[h % PART_PREFIXES.length]}-${String(h % 100_000).padStart(5, "0")}`,
      meterRegion,
      productName: spec.regional && region ? `${spec.product} - ${region.meterRegion}` : spec.product,
      paygPrice,
      unitPrice,
    };
    this.cache.set(cacheKey, priced);
    return priced;
  }
}
