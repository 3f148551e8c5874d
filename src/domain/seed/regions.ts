/**
 * Azure regions the generator uses. `id`/`name` are RegionId/RegionName of the FinOps toolkit
 * Regions.csv; `locations` are ResourceLocation spellings seen in real EA exports (all of them map
 * through Regions.csv after lower-casing); `meterRegion` is the price-sheet region name.
 */
export interface SeedRegion {
  id: string;
  name: string;
  locations: readonly string[];
  meterRegion: string;
  /** Regional price uplift in per-mille of the US East price. */
  uplift: number;
}

export const SEED_REGIONS = {
  eastus: { id: "eastus", name: "East US", locations: ["EastUS", "eastus", "US East"], meterRegion: "US East", uplift: 1000 },
  eastus2: { id: "eastus2", name: "East US 2", locations: ["EastUS2", "eastus2", "US East 2"], meterRegion: "US East 2", uplift: 1000 },
  centralus: { id: "centralus", name: "Central US", locations: ["CentralUS", "centralus", "US Central"], meterRegion: "US Central", uplift: 1050 },
  westus2: { id: "westus2", name: "West US 2", locations: ["westus2", "WestUS2", "US West 2"], meterRegion: "US West 2", uplift: 1000 },
  westeurope: { id: "westeurope", name: "West Europe", locations: ["westeurope", "WestEurope", "EU West"], meterRegion: "EU West", uplift: 1090 },
  northeurope: { id: "northeurope", name: "North Europe", locations: ["northeurope", "NorthEurope", "EU North"], meterRegion: "EU North", uplift: 1040 },
  uksouth: { id: "uksouth", name: "UK South", locations: ["uksouth", "UKSouth", "UK South"], meterRegion: "UK South", uplift: 1080 },
  swedencentral: { id: "swedencentral", name: "Sweden Central", locations: ["swedencentral", "SwedenCentral", "SE Central"], meterRegion: "SE Central", uplift: 1060 },
} as const satisfies Record<string, SeedRegion>;

export type SeedRegionId = keyof typeof SEED_REGIONS;
