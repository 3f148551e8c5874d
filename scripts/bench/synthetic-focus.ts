/**
 * Synthetic FOCUS rows generated inside ClickHouse (INSERT … SELECT FROM numbers()), for
 * benchmarks at millions of rows: 13 months of daily charges ending yesterday, about 4 meter rows
 * per resource and day; resources spread
 * over 40 services, 30 sub accounts, 200 resource groups, 12 regions; weekday seasonality;
 * tags on 3 of 4 resources; a tenth of compute covered by 5 reservations with some unused
 * hours; sub account 30 bills in EUR. Not the demo data (that is src/domain/seed/).
 */
import type { ClickHouseClient } from "@clickhouse/client";
import { addDays } from "../../src/domain/analytics/filters";
import { todayUtc } from "../../src/domain/analytics/periods";

const SERVICES: [string, string, string][] = [
  ["Virtual Machines", "Compute", "Virtual Machines"], ["Virtual Machine Scale Sets", "Compute", "Virtual Machines"],
  ["Azure Kubernetes Service", "Compute", "Containers"], ["Azure App Service", "Compute", "Other (Compute)"],
  ["Azure Functions", "Compute", "Serverless Compute"], ["Storage Accounts", "Storage", "Object Storage"],
  ["Managed Disks", "Storage", "Block Storage"], ["Azure SQL Database", "Databases", "Relational Databases"],
  ["Azure Cosmos DB", "Databases", "NoSQL Databases"], ["Azure Database for PostgreSQL", "Databases", "Relational Databases"],
  ["Azure Monitor", "Management and Governance", "Observability"], ["Log Analytics", "Management and Governance", "Observability"],
  ["Key Vault", "Security", "Secret Management"], ["Virtual Network", "Networking", "Network Infrastructure"],
  ["Load Balancer", "Networking", "Load Balancing"], ["Application Gateway", "Networking", "Load Balancing"],
  ["Bandwidth", "Networking", "Network Connectivity"], ["Azure Front Door", "Networking", "Content Delivery"],
  ["Azure Backup", "Storage", "Backup Storage"], ["Azure Site Recovery", "Storage", "Backup Storage"],
  ["Event Hubs", "Integration", "Messaging"], ["Service Bus", "Integration", "Messaging"],
  ["Azure Data Factory", "Analytics", "Data Processing"], ["Azure Synapse Analytics", "Analytics", "Analytics Platforms"],
  ["Azure Databricks", "Analytics", "Analytics Platforms"], ["Azure OpenAI", "AI and Machine Learning", "Generative AI"],
  ["Azure Machine Learning", "AI and Machine Learning", "Machine Learning"], ["Cognitive Services", "AI and Machine Learning", "AI Platforms"],
  ["Container Registry", "Compute", "Containers"], ["Azure Cache for Redis", "Databases", "Caching"],
  ["Azure Firewall", "Security", "Network Security"], ["Microsoft Defender for Cloud", "Security", "Security Posture Management"],
  ["API Management", "Integration", "API Management"], ["Azure DNS", "Networking", "Network Infrastructure"],
  ["Azure Files", "Storage", "File Storage"], ["Azure Search", "Web", "Other (Web)"],
  ["Azure Static Web Apps", "Web", "Other (Web)"], ["Logic Apps", "Integration", "Workflow Orchestration"],
  ["Azure Batch", "Compute", "Other (Compute)"], ["Azure Virtual Desktop", "Compute", "End User Computing"],
];
const REGIONS = ["westeurope", "northeurope", "eastus", "eastus2", "westus2", "uksouth", "francecentral", "germanywestcentral", "swedencentral", "centralus", "southeastasia", "japaneast"];
export const SYNTHETIC_DAYS = 395;
const CHUNK = 1_000_000;

const lit = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
const arr = (xs: string[]) => `[${xs.map(lit).join(",")}]`;

export async function seedSyntheticFocus(ch: ClickHouseClient, o: { rows: number; sourceId?: string; onProgress?: (done: number) => void }) {
  const to = addDays(todayUtc(), -1);
  const from = addDays(to, -(SYNTHETIC_DAYS - 1));
  // ~4 meter rows per resource and day, like VMs (compute, disk, bandwidth, IP) in real exports
  const resources = Math.min(50_000, Math.max(200, Math.round(o.rows / (SYNTHETIC_DAYS * 4))));
  for (let offset = 0; offset < o.rows; offset += CHUNK) {
    const n = Math.min(CHUNK, o.rows - offset);
    await ch.command({
      query: `INSERT INTO focus_billing_data
  (BilledCost, EffectiveCost, ListCost, ContractedCost, BillingAccountId, BillingAccountName, BillingCurrency, BillingPeriodStart, BillingPeriodEnd,
   ChargeCategory, ChargeFrequency, ChargePeriodStart, ChargePeriodEnd, CommitmentDiscountId, CommitmentDiscountName, CommitmentDiscountType,
   CommitmentDiscountStatus, CommitmentDiscountCategory, ConsumedQuantity, ConsumedUnit, InvoiceIssuerName, PricingCategory, ProviderName, PublisherName,
   RegionId, RegionName, ResourceId, ResourceName, ResourceType, ServiceCategory, ServiceName, ServiceSubcategory, SkuMeter, x_SkuMeterName,
   SubAccountId, SubAccountName, Tags, x_ResourceGroupName, x_SourceId, x_IngestRunId, x_BillingMonth)
SELECT billed, effective, list, list, 'bench-ea', 'Bench enrollment', if(sub = 29, 'EUR', 'USD'), toStartOfMonth(day), toStartOfMonth(day) + INTERVAL 1 MONTH,
  'Usage', 'Usage-Based', day, day + INTERVAL 1 DAY,
  if(covered, concat('ri-', toString(res % 5)), NULL), if(covered, concat('Reservation ', toString(res % 5)), NULL), if(covered, 'Reservation', NULL),
  if(covered, if(unused, 'Unused', 'Used'), NULL), if(covered, 'Usage', NULL), if(unused, NULL, qty), if(unused, NULL, 'Hours'), 'Microsoft',
  if(covered AND NOT unused, 'Committed', 'Standard'), 'Microsoft', 'Microsoft',
  region, region, concat('/subscriptions/sub-', toString(sub), '/resourceGroups/rg-', toString(rg), '/providers/x/r-', toString(res)),
  concat('r-', toString(res)), 'Virtual machine', svc.2, svc.1, svc.3, concat('Meter ', toString(meter)), concat('Meter ', toString(meter)),
  concat('sub-', toString(sub)), concat('subscription-', toString(sub)),
  if(res % 4 = 0, NULL, concat('{"env":"', if(res % 3 = 0, 'dev', 'prod'), '","team":"team-', toString(res % 8), '"}')),
  concat('rg-', toString(rg)), {source:String}, 'bench', toStartOfMonth(day)
FROM (
  SELECT number AS i,
    toDateTime({from:Date}) + INTERVAL (i % ${SYNTHETIC_DAYS}) DAY AS day,
    (intHash32(intDiv(i, ${SYNTHETIC_DAYS})) % {resources:UInt32}) AS res,
    res % 30 AS sub, res % 200 AS rg, intDiv(i, ${SYNTHETIC_DAYS}) % 6 AS meter,
    ${arr(REGIONS)}[1 + res % ${REGIONS.length}] AS region,
    arrayElement([${SERVICES.map((s) => `(${s.map(lit).join(",")})`).join(",")}], 1 + res % ${SERVICES.length}) AS svc,
    svc.2 = 'Compute' AND res % 10 = 0 AS covered,
    covered AND i % 17 = 0 AS unused,
    if(toDayOfWeek(day) >= 6, 0.6, 1.0) * (1 + (res % 97) / 10) * (0.9 + (intHash32(i) % 200) / 1000) AS base,
    toDecimal128(base, 6) AS list,
    toDecimal128(if(covered, base * 0.6, base), 6) AS effective,
    toDecimal128(if(covered, 0, base), 6) AS billed,
    toDecimal128(base * 10, 4) AS qty
  FROM numbers({offset:UInt64}, {n:UInt64})
)`,
      query_params: { source: o.sourceId ?? "bench", from, resources, offset, n },
    });
    o.onProgress?.(offset + n);
  }
  return { from, to, resources };
}
