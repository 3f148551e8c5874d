/**
 * Azure meters the generator bills, with their price-sheet names and pay-as-you-go prices in
 * US East (USD, public list prices rounded). Meter ids and part numbers are derived from the seed
 * (stable but synthetic); names, categories, units and families follow real EA exports.
 */
export interface MeterSpec {
  category: string;
  subCategory: string;
  name: string;
  /** ProductName without the region suffix. */
  product: string;
  unit: string;
  family: string;
  /** Pay-as-you-go price per UnitOfMeasure in US East, ≤ 6 decimals. */
  payg: string;
  /** true: price and MeterRegion follow the resource region; otherwise fixed `meterRegion`. */
  regional: boolean;
  meterRegion?: string;
  serviceInfo2?: string;
  /** Spot and Marketplace prices carry no EA discount. */
  noEaDiscount?: boolean;
}

const m = (
  category: string,
  subCategory: string,
  name: string,
  unit: string,
  family: string,
  payg: string,
  extra: Partial<MeterSpec> = {},
): MeterSpec => ({
  category,
  subCategory,
  name,
  unit,
  family,
  payg,
  product: extra.product ?? [category, subCategory, name].filter(Boolean).join(" - "),
  regional: extra.regional ?? true,
  ...extra,
});

export const METERS = {
  // Virtual machines (Linux unless named Windows); reservation and savings-plan eligible
  vmD2sv5: m("Virtual Machines", "Dsv5 Series", "D2s v5", "1 Hour", "Compute", "0.096"),
  vmD4sv5: m("Virtual Machines", "Dsv5 Series", "D4s v5", "1 Hour", "Compute", "0.192"),
  vmD8sv5: m("Virtual Machines", "Dsv5 Series", "D8s v5", "1 Hour", "Compute", "0.384"),
  vmE4sv5: m("Virtual Machines", "Esv5 Series", "E4s v5", "1 Hour", "Compute", "0.252"),
  vmE8sv5: m("Virtual Machines", "Esv5 Series", "E8s v5", "1 Hour", "Compute", "0.504"),
  vmB2ms: m("Virtual Machines", "BS Series", "B2ms", "1 Hour", "Compute", "0.0832"),
  vmF8sv2: m("Virtual Machines", "FSv2 Series", "F8s v2", "1 Hour", "Compute", "0.338"),
  vmD4sv5Win: m("Virtual Machines", "Dsv5 Series Windows", "D4s v5", "1 Hour", "Compute", "0.376"),
  vmD4sv5Spot: m("Virtual Machines", "Dsv5 Series", "D4s v5 Spot", "1 Hour", "Compute", "0.0384", { noEaDiscount: true }),
  vmD8sv5Spot: m("Virtual Machines", "Dsv5 Series", "D8s v5 Spot", "1 Hour", "Compute", "0.0768", { noEaDiscount: true }),
  // Managed disks
  diskP10: m("Storage", "Premium SSD Managed Disks", "P10 LRS Disk", "1/Month", "Storage", "19.71", { product: "Premium SSD Managed Disks - P10 LRS" }),
  diskP30: m("Storage", "Premium SSD Managed Disks", "P30 LRS Disk", "1/Month", "Storage", "135.17", { product: "Premium SSD Managed Disks - P30 LRS" }),
  diskE10: m("Storage", "Standard SSD Managed Disks", "E10 LRS Disk", "1/Month", "Storage", "9.6", { product: "Standard SSD Managed Disks - E10 LRS" }),
  diskE4: m("Storage", "Standard SSD Managed Disks", "E4 LRS Disk", "1/Month", "Storage", "2.4", { product: "Standard SSD Managed Disks - E4 LRS" }),
  diskS10: m("Storage", "Standard HDD Managed Disks", "S10 LRS Disk", "1/Month", "Storage", "1.536", { product: "Standard HDD Managed Disks - S10 LRS" }),
  // Storage accounts
  blobHotStored: m("Storage", "Tiered Block Blob", "Hot LRS Data Stored", "1 GB/Month", "Storage", "0.0184", { product: "Tiered Block Blob - Hot LRS - Data Stored" }),
  blobCoolStored: m("Storage", "Tiered Block Blob", "Cool LRS Data Stored", "1 GB/Month", "Storage", "0.01", { product: "Tiered Block Blob - Cool LRS - Data Stored" }),
  blobHotWrite: m("Storage", "Tiered Block Blob", "Hot LRS Write Operations", "10K", "Storage", "0.055", { product: "Tiered Block Blob - Hot LRS - Write Operations" }),
  blobHotRead: m("Storage", "Tiered Block Blob", "Hot Read Operations", "10K", "Storage", "0.0044", { product: "Tiered Block Blob - Hot - Read Operations" }),
  filesStored: m("Storage", "Files v2", "LRS Data Stored", "1 GB/Month", "Storage", "0.06", { product: "Files v2 - LRS - Data Stored" }),
  // Bandwidth (zone/continent meters, not per region)
  egressInternet: m("Bandwidth", "Rtn Preference: MGN", "Standard Data Transfer Out", "1 GB", "Networking", "0.087", { regional: false, meterRegion: "Zone 1", product: "Rtn Preference: MGN - Standard Data Transfer Out - Zone 1" }),
  egressInterRegion: m("Bandwidth", "Inter-Region", "Intra Continent Data Transfer Out", "1 GB", "Networking", "0.02", { regional: false, meterRegion: "North America", product: "Bandwidth Inter-Region - Intra Continent Data Transfer Out - North America" }),
  // Networking
  publicIp: m("Virtual Network", "IP Addresses", "Standard IPv4 Static Public IP", "1 Hour", "Networking", "0.005", { regional: false, meterRegion: "" }),
  privateEndpoint: m("Virtual Network", "Virtual Network Private Link", "Standard Private Endpoint", "1 Hour", "Networking", "0.01"),
  lbRules: m("Load Balancer", "Standard", "Standard Included LB Rules and Outbound Rules", "1 Hour", "Networking", "0.025"),
  lbData: m("Load Balancer", "Standard", "Standard Data Processed", "1 GB", "Networking", "0.005"),
  vpnGw: m("VPN Gateway", "VpnGw2AZ", "VpnGw2AZ", "1 Hour", "Networking", "0.563"),
  firewall: m("Azure Firewall", "Standard", "Standard Deployment", "1 Hour", "Networking", "1.25"),
  firewallData: m("Azure Firewall", "Standard", "Standard Data Processed", "1 GB", "Networking", "0.016"),
  appGwFixed: m("Application Gateway", "Standard v2", "Standard Fixed Cost", "1 Hour", "Networking", "0.246"),
  appGwCu: m("Application Gateway", "Standard v2", "Standard Capacity Units", "1 Hour", "Networking", "0.008"),
  natGw: m("NAT Gateway", "Standard", "Gateway", "1 Hour", "Networking", "0.045"),
  natGwData: m("NAT Gateway", "Standard", "Data Processed", "1 GB", "Networking", "0.045"),
  // Containers
  aksUptime: m("Azure Kubernetes Service", "Standard", "Standard Uptime SLA", "1 Hour", "Compute", "0.1"),
  acrPremium: m("Container Registry", "Premium", "Premium Registry Unit", "1/Day", "Containers", "1.667"),
  acrStandard: m("Container Registry", "Standard", "Standard Registry Unit", "1/Day", "Containers", "0.667"),
  // Databases
  sqlVcore: m("SQL Database", "General Purpose - Compute Gen5", "vCore", "1 Hour", "Databases", "0.5044", { product: "SQL Database Single/Elastic Pool General Purpose - Compute Gen5 - vCore" }),
  sqlStorage: m("SQL Database", "General Purpose - Storage", "Data Stored", "1 GB/Month", "Databases", "0.115", { product: "SQL Database Single/Elastic Pool General Purpose - Storage - Data Stored" }),
  sqlBackup: m("SQL Database", "Single/Elastic Pool PITR Backup Storage", "Backup RA-GRS Data Stored", "1 GB/Month", "Databases", "0.2"),
  sqlDefender: m("Advanced Data Security", "SQL Database", "Standard Node", "1/Month", "Security", "15", { product: "Microsoft Defender for SQL - Standard Node", regional: false, meterRegion: "" }),
  pgVcore: m("Azure Database for PostgreSQL", "Flexible Server General Purpose Ddsv5 Series Compute", "vCore", "1 Hour", "Databases", "0.089"),
  pgStorage: m("Azure Database for PostgreSQL", "Flexible Server Storage", "Storage Data Stored", "1 GB/Month", "Databases", "0.115"),
  cosmosRu: m("Azure Cosmos DB", "RUs", "100 RU/s", "1 Hour", "Databases", "0.008"),
  cosmosStored: m("Azure Cosmos DB", "Data Stored", "Data Stored", "1 GB/Month", "Databases", "0.25"),
  redisP1: m("Redis Cache", "Premium", "P1 Cache Instance", "1 Hour", "Databases", "0.554"),
  redisC1: m("Redis Cache", "Standard", "C1 Cache Instance", "1 Hour", "Databases", "0.1"),
  // Web
  appP1v3: m("Azure App Service", "Premium v3 Plan - Linux", "P1 v3 App", "1 Hour", "Compute", "0.169"),
  appP2v3Win: m("Azure App Service", "Premium v3 Plan", "P2 v3 App", "1 Hour", "Compute", "0.6"),
  appS1: m("Azure App Service", "Standard Plan - Linux", "S1 App", "1 Hour", "Compute", "0.095"),
  funcExecTime: m("Functions", "", "On Demand Execution Time", "1 GB Second", "Compute", "0.000016"),
  funcExecutions: m("Functions", "", "On Demand Total Executions", "1M", "Compute", "0.2"),
  // Monitoring, security, AI, integration
  laIngestion: m("Log Analytics", "", "Analytics Logs Data Ingestion", "1 GB", "Management and Governance", "2.3", { regional: false, meterRegion: "" }),
  laRetention: m("Log Analytics", "", "Pay-as-you-go Data Retention", "1 GB/Month", "Management and Governance", "0.1", { regional: false, meterRegion: "" }),
  kvOperations: m("Key Vault", "", "Operations", "10K", "Security", "0.03", { regional: false, meterRegion: "" }),
  kvAdvanced: m("Key Vault", "", "Advanced Key Operations", "10K", "Security", "0.15", { regional: false, meterRegion: "" }),
  defenderServers: m("Microsoft Defender for Cloud", "Standard", "Standard Node", "1 Hour", "Security", "0.02", { product: "Microsoft Defender for Servers Plan 2 - Standard Node", regional: false, meterRegion: "" }),
  openaiIn: m("Cognitive Services", "Azure OpenAI", "gpt-4o-0806-Inp-glbl Tokens", "1K", "AI + Machine Learning", "0.0025", { regional: false, meterRegion: "" }),
  openaiOut: m("Cognitive Services", "Azure OpenAI", "gpt-4o-0806-Outp-glbl Tokens", "1K", "AI + Machine Learning", "0.01", { regional: false, meterRegion: "" }),
  backupInstance: m("Backup", "", "Azure VM Protected Instances", "1/Month", "Management and Governance", "10"),
  backupStored: m("Backup", "", "GRS Data Stored", "1 GB/Month", "Management and Governance", "0.0456"),
  adfOrchestration: m("Azure Data Factory v2", "Cloud", "Cloud Orchestration Activity Run", "1K", "Analytics", "1"),
  adfDataMovement: m("Azure Data Factory v2", "Cloud", "Cloud Data Movement", "1 Hour", "Analytics", "0.25"),
  // Azure Marketplace (third-party) charges
  fortigateLicense: m("Virtual Machine Licenses", "Fortinet FortiGate NGFW (PAYG)", "FortiGate-VM08 License", "1 Hour", "Compute", "1.39", { regional: false, meterRegion: "", product: "FortiGate Next-Generation Firewall - fortinet_fg-vm_payg_2023" }),
  datadogSaas: m("SaaS", "Datadog - Pro (Pay-As-You-Go)", "Datadog Pro", "1/Month", "", "1850", { regional: false, meterRegion: "", product: "Datadog - An Azure Native ISV Service - Pro" }),
} as const satisfies Record<string, MeterSpec>;

export type MeterKey = keyof typeof METERS;

/** EA discount off pay-as-you-go per ServiceFamily, in per-mille (UnitPrice = PayGPrice × (1 − d)). */
export const EA_DISCOUNT_PERMILLE: Record<string, number> = {
  Compute: 80,
  Storage: 50,
  Databases: 60,
  Containers: 30,
  Networking: 0,
};
