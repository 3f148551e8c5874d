import { HOUR, qty, type UniverseBuilder } from "./builder";
import type { MeterKey } from "./meter-catalog";
import type { SeedResource, SeedStream, Subscription, SubscriptionProfile } from "./model";
import { tagFragment } from "./tags";

/** A workload adds one application's resources (and their meters) to a subscription. */
export type Workload = (b: UniverseBuilder, sub: Subscription, app: string) => void;

const short = (sub: Subscription) => sub.name.replace(/^contoso-/, "");
const rgName = (sub: Subscription, part: string) => `rg-${short(sub)}-${part}`;
const isProd = (sub: Subscription) => sub.env === "prod";

export function addVm(b: UniverseBuilder, sub: Subscription, app: string, o: { size?: MeterKey; alwaysOn?: boolean; rg?: string } = {}): SeedStream {
  const r = b.rng;
  const size = o.size ?? r.pick<MeterKey>(sub.profile === "ml" ? ["vmE8sv5", "vmE4sv5", "vmD8sv5"] : ["vmD2sv5", "vmD4sv5", "vmD4sv5", "vmD8sv5", "vmE4sv5", "vmB2ms", "vmF8sv2", "vmD4sv5Win"]);
  const rg = o.rg ?? rgName(sub, app);
  const name = `vm-${app}-${String(b.nextNo()).padStart(3, "0")}`;
  const windows = size.endsWith("Win");
  const vmSize = `Standard_${b.prices.meter(size, null).spec.name.replace(/ /g, "_")}`;
  const vm = b.resource({
    sub, resourceGroup: rg, path: `Microsoft.Compute/virtualMachines/${name}`, name,
    consumedService: "Microsoft.Compute", tags: { app },
    availabilityZone: isProd(sub) && r.chance(0.4) ? String(r.int(1, 3)) : "",
    additionalInfo: JSON.stringify({ UsageType: "ComputeHR", ImageType: windows ? "Windows Server" : "Canonical", ServiceType: vmSize, VMName: null, VCPUs: Number(/\d+/.exec(vmSize)?.[0] ?? 2) }),
    serviceInfo2: windows ? "Windows Server" : "Canonical",
  });
  const alwaysOn = o.alwaysOn ?? (isProd(sub) || r.chance(0.3));
  const compute = b.stream(vm, size, qty(24, { weekend: alwaysOn ? 1 : 0.25, step: HOUR }));
  const osDisk = b.resource({ sub, resourceGroup: rg, path: `Microsoft.Compute/disks/${name}_OsDisk_1_${b.suffix(32)}`, name: `${name}_OsDisk_1`, consumedService: "Microsoft.Compute", tags: { app } });
  b.stream(osDisk, isProd(sub) ? "diskP10" : r.pick<MeterKey>(["diskE10", "diskS10", "diskE4"]), qty(1, { perMonth: true }));
  if (r.chance(0.45)) {
    const dd = b.resource({ sub, resourceGroup: rg, path: `Microsoft.Compute/disks/${name}_DataDisk_0`, name: `${name}_DataDisk_0`, consumedService: "Microsoft.Compute", tags: { app } });
    b.stream(dd, isProd(sub) ? r.pick<MeterKey>(["diskP30", "diskP10"]) : "diskE10", qty(1, { perMonth: true }));
  }
  if (r.chance(0.35)) b.stream(vm, r.pick<MeterKey>(["egressInternet", "egressInterRegion"]), qty(r.int(1, 80), { noise: 0.4, growth: 0.2, weekend: 0.6 }));
  if (isProd(sub) && r.chance(0.3)) {
    const node = { ...vm, consumedService: "Microsoft.Security", region: null, location: r.pick(["global", vm.location]) };
    b.stream(node, "defenderServers", qty(24, { step: HOUR }));
  }
  return compute;
}

export function addAks(b: UniverseBuilder, sub: Subscription, app: string, o: { userNodes?: number; spot?: boolean } = {}): { userPool: SeedStream } {
  const r = b.rng;
  const region = b.regionOf(sub);
  const cluster = `aks-${app}-${region.id.slice(0, 4)}-${String(b.nextNo()).padStart(2, "0")}`;
  const rg = rgName(sub, app);
  const nodeRg = `MC_${rg}_${cluster}_${region.id}`;
  const suffix = String(r.int(10_000_000, 99_999_999));
  const opId = b.guid(`aks-op:${cluster}`);
  const kubelet = b.guid(`aks-kubelet:${cluster}`);
  const poolTags = (pool: string) =>
    tagFragment([
      ["aks-managed-createOperationID", r.chance(0.3) ? "" : opId],
      ["aks-managed-creationSource", `vmssclient-aks-${pool}-${suffix}-vmss`],
      ["aks-managed-kubeletIdentityClientID", kubelet],
      ["aks-managed-orchestrator", "Kubernetes:1.30.6"],
      ["aks-managed-poolName", pool],
      ["aks-managed-resourceNameSuffix", suffix],
      ["env", sub.env],
    ]);
  const clusterRes = b.resource({ sub, resourceGroup: rg, path: `Microsoft.ContainerService/managedClusters/${cluster}`, name: cluster, consumedService: "Microsoft.ContainerService", tags: { app } });
  if (isProd(sub)) b.stream(clusterRes, "aksUptime", qty(24, { step: HOUR }));
  const pool = (name: string, size: MeterKey, nodes: number, spot: boolean) => {
    const vmss = `aks-${name}-${suffix}-vmss`;
    const res = b.resource({
      sub, resourceGroup: nodeRg, path: `Microsoft.Compute/virtualMachineScaleSets/${vmss}`, name: vmss, consumedService: "Microsoft.Compute", tags: poolTags(name),
      additionalInfo: JSON.stringify({ UsageType: "ComputeHR", ImageType: "Canonical", ServiceType: `Standard_${b.prices.meter(size, null).spec.name.replace(" Spot", "").replace(/ /g, "_")}`, VMName: `${vmss}_0`, VMProperties: "Microsoft.AKS.Compute.AKS.Linux.Billing", VCPUs: size.includes("D8") ? 8 : 4 }),
      serviceInfo2: "Canonical",
    });
    return b.stream(res, size, qty(24 * nodes, { weekend: spot ? 0.5 : 0.8, growth: 0.3, noise: spot ? 0.3 : 0.1, step: HOUR }), { pricingModel: spot ? "Spot" : "OnDemand" });
  };
  pool("system", "vmD4sv5", 3, false);
  const userPool = pool("user", "vmD8sv5", o.userNodes ?? r.int(3, 12), false);
  if (o.spot ?? r.chance(0.4)) pool("spot", "vmD8sv5Spot", r.int(2, 8), true);
  const lb = b.resource({ sub, resourceGroup: nodeRg, path: "Microsoft.Network/loadBalancers/kubernetes", name: "kubernetes", consumedService: "Microsoft.Network", tags: poolTags("lb") });
  b.stream(lb, "lbRules", qty(24, { step: HOUR }));
  b.stream(lb, "lbData", qty(r.int(20, 400), { noise: 0.3, growth: 0.3 }));
  const ip = b.resource({ sub, resourceGroup: nodeRg, path: `Microsoft.Network/publicIPAddresses/kubernetes-${b.suffix(32)}`, name: "kubernetes-ip", consumedService: "Microsoft.Network", tags: poolTags("ip") });
  b.stream(ip, "publicIp", qty(24, { step: HOUR }));
  const pvcs = r.int(2, 5);
  for (let i = 0; i < pvcs; i++) {
    const ns = r.pick(["default", "monitoring", "checkout", "search", "kafka"]);
    const claim = `data-${ns}-${i}`;
    const make = (gen: number): SeedResource => {
      const pv = `pvc-${b.guid(`pvc:${cluster}:${i}:${gen}`)}`;
      return {
        ...b.resource({ sub, resourceGroup: nodeRg, path: `Microsoft.Compute/disks/${pv}`, name: pv, consumedService: "Microsoft.Compute", idCase: "as-is", tags: "" }),
        location: region.locations[0] ?? region.id,
        tags: tagFragment([
          ["k8s-azure-created-by", "kubernetes-azure-dd"],
          ["kubernetes.io-created-for-pv-name", pv],
          ["kubernetes.io-created-for-pvc-name", claim],
          ["kubernetes.io-created-for-pvc-namespace", ns],
        ]),
      };
    };
    b.stream(make(0), r.pick<MeterKey>(["diskE10", "diskP10"]), qty(1, { perMonth: true }), { churn: { days: r.int(20, 90), make } });
  }
  b.stream(clusterRes, "egressInternet", qty(r.int(10, 200), { noise: 0.4, growth: 0.3, weekend: 0.7 }));
  return { userPool };
}

export function addStorage(b: UniverseBuilder, sub: Subscription, app: string, o: { egressGb?: number } = {}): { egress?: SeedStream } {
  const r = b.rng;
  const name = `st${app.replace(/[^a-z0-9]/g, "")}${sub.env}${b.suffix(6)}`.slice(0, 24);
  const res = b.resource({ sub, resourceGroup: rgName(sub, app), path: `Microsoft.Storage/storageAccounts/${name}`, name, consumedService: "Microsoft.Storage", tags: { app } });
  const gb = r.pick([50, 200, 800, 2500, 9000, 30000]);
  b.stream(res, "blobHotStored", qty(gb, { perMonth: true, growth: 0.35, noise: 0.01 }));
  b.stream(res, "blobHotWrite", qty(r.int(1, 300), { noise: 0.3, weekend: 0.6, growth: 0.2 }));
  b.stream(res, "blobHotRead", qty(r.int(5, 2000), { noise: 0.3, weekend: 0.6, growth: 0.2 }));
  if (r.chance(0.5)) b.stream(res, "blobCoolStored", qty(gb * 3, { perMonth: true, growth: 0.4, noise: 0.01 }));
  if (r.chance(0.2)) b.stream(res, "filesStored", qty(r.int(100, 2000), { perMonth: true, growth: 0.1 }));
  if (o.egressGb !== undefined) return { egress: b.stream(res, "egressInternet", qty(o.egressGb, { noise: 0.1, weekend: 0.8 })) };
  if (r.chance(0.4)) b.stream(res, "egressInternet", qty(r.int(1, 150), { noise: 0.4, weekend: 0.7, growth: 0.2 }));
  return {};
}

export function addSql(b: UniverseBuilder, sub: Subscription, app: string, o: { vcores?: number } = {}): SeedStream {
  const r = b.rng;
  const server = `sql-${app}-${sub.env}-${b.suffix(4)}`;
  const db = `sqldb-${app}`;
  const rg = rgName(sub, app);
  const dbRes = b.resource({ sub, resourceGroup: rg, path: `Microsoft.Sql/servers/${server}/databases/${db}`, name: server, consumedService: "Microsoft.Sql", tags: { app }, serviceInfo2: "" });
  const vcores = o.vcores ?? r.pick([2, 2, 4, 4, 8]);
  const compute = b.stream(dbRes, "sqlVcore", qty(24 * vcores, { step: HOUR }));
  b.stream(dbRes, "sqlStorage", qty(r.pick([32, 128, 256, 512, 1024]), { perMonth: true, growth: 0.25 }));
  b.stream(dbRes, "sqlBackup", qty(r.int(20, 600), { perMonth: true, growth: 0.3, noise: 0.05 }));
  if (isProd(sub) && r.chance(0.4)) {
    const srv = b.resource({ sub, resourceGroup: rg, path: `Microsoft.Sql/servers/${server}`, name: server, consumedService: "Microsoft.Sql", tags: { app }, additionalInfo: JSON.stringify({ ServiceType: "SQLThreatDetection", ResourceCategory: "SQLThreatDetection" }) });
    b.stream(srv, "sqlDefender", qty(1, { perMonth: true }));
  }
  return compute;
}

export function addAppService(b: UniverseBuilder, sub: Subscription, app: string, o: { meter?: MeterKey; instances?: number } = {}): SeedStream {
  const r = b.rng;
  const name = `asp-${app}-${sub.env}-${String(b.nextNo()).padStart(2, "0")}`;
  const res = b.resource({ sub, resourceGroup: rgName(sub, app), path: `Microsoft.Web/serverFarms/${name}`, name, consumedService: "Microsoft.Web", tags: { app } });
  const meter = o.meter ?? (isProd(sub) ? r.pick<MeterKey>(["appP1v3", "appP1v3", "appP2v3Win"]) : "appS1");
  const inst = o.instances ?? r.int(1, isProd(sub) ? 4 : 1);
  return b.stream(res, meter, qty(24 * inst, { weekend: isProd(sub) ? 0.75 : 1, step: HOUR }));
}

const addFunctions: Workload = (b, sub, app) => {
  const r = b.rng;
  const name = `func-${app}-${sub.env}-${b.suffix(4)}`;
  const res = b.resource({ sub, resourceGroup: rgName(sub, app), path: `Microsoft.Web/sites/${name}`, name, consumedService: "Microsoft.Web", tags: { app } });
  b.stream(res, "funcExecTime", qty(r.int(20_000, 400_000), { noise: 0.3, weekend: 0.5, growth: 0.3 }));
  b.stream(res, "funcExecutions", qty(r.int(1, 50) / 10, { noise: 0.3, weekend: 0.5, growth: 0.3 }));
};

export function addLogAnalytics(b: UniverseBuilder, sub: Subscription, app: string, o: { ingestGb?: number } = {}): SeedStream {
  const r = b.rng;
  const name = `log-${app}-${sub.env}`;
  const res = b.resource({ sub, resourceGroup: rgName(sub, "monitoring"), path: `Microsoft.OperationalInsights/workspaces/${name}`, name, consumedService: "microsoft.operationalinsights", tags: { app }, idCase: "lower" });
  const gb = o.ingestGb ?? r.int(3, 60);
  const ingest = b.stream(res, "laIngestion", qty(gb, { noise: 0.1, weekend: 0.8, growth: 0.2 }));
  b.stream(res, "laRetention", qty(gb * 60, { perMonth: true, growth: 0.2 }));
  return ingest;
}

const addKeyVault: Workload = (b, sub, app) => {
  const r = b.rng;
  const name = `kv-${app}-${b.suffix(5)}`.slice(0, 24);
  const res = b.resource({ sub, resourceGroup: rgName(sub, app), path: `Microsoft.KeyVault/vaults/${name}`, name, consumedService: "Microsoft.KeyVault", tags: { app } });
  b.stream(res, "kvOperations", qty(r.int(1, 400) / 10, { noise: 0.3, weekend: 0.6 }));
  if (r.chance(0.2)) b.stream(res, "kvAdvanced", qty(r.int(1, 50) / 10, { noise: 0.3 }));
};

const addCosmos: Workload = (b, sub, app) => {
  const r = b.rng;
  const name = `cosmos-${app}-${sub.env}-${b.suffix(4)}`;
  const res = b.resource({ sub, resourceGroup: rgName(sub, app), path: `Microsoft.DocumentDB/databaseAccounts/${name}`, name, consumedService: "Microsoft.DocumentDB", tags: { app } });
  b.stream(res, "cosmosRu", qty(24 * r.pick([4, 10, 40, 100]), { weekend: 0.7, growth: 0.3, noise: 0.1, step: HOUR }));
  b.stream(res, "cosmosStored", qty(r.int(5, 800), { perMonth: true, growth: 0.4 }));
};

const addRedis: Workload = (b, sub, app) => {
  const name = `redis-${app}-${sub.env}-${b.suffix(4)}`;
  const res = b.resource({ sub, resourceGroup: rgName(sub, app), path: `Microsoft.Cache/Redis/${name}`, name, consumedService: "Microsoft.Cache", tags: { app } });
  b.stream(res, isProd(sub) ? "redisP1" : "redisC1", qty(24, { step: HOUR }));
};

const addAcr: Workload = (b, sub, app) => {
  const name = `acr${app.replace(/[^a-z0-9]/g, "")}${b.suffix(5)}`;
  const res = b.resource({ sub, resourceGroup: rgName(sub, "shared"), path: `Microsoft.ContainerRegistry/registries/${name}`, name, consumedService: "Microsoft.ContainerRegistry", tags: { app } });
  b.stream(res, isProd(sub) ? "acrPremium" : "acrStandard", qty(1));
};

const addPostgres: Workload = (b, sub, app) => {
  const r = b.rng;
  const name = `psql-${app}-${sub.env}-${b.suffix(4)}`;
  const res = b.resource({ sub, resourceGroup: rgName(sub, app), path: `Microsoft.DBforPostgreSQL/flexibleServers/${name}`, name, consumedService: "Microsoft.DBforPostgreSQL", tags: { app } });
  b.stream(res, "pgVcore", qty(24 * r.pick([2, 4, 8]), { step: HOUR }));
  b.stream(res, "pgStorage", qty(r.pick([128, 256, 512]), { perMonth: true, growth: 0.2 }));
};

const addOpenAi: Workload = (b, sub, app) => {
  const r = b.rng;
  const name = `oai-${app}-${b.suffix(4)}`;
  const res = b.resource({ sub, resourceGroup: rgName(sub, "ai"), path: `Microsoft.CognitiveServices/accounts/${name}`, name, consumedService: "Microsoft.CognitiveServices", tags: { app } });
  b.stream(res, "openaiIn", qty(r.int(2_000, 40_000), { noise: 0.25, weekend: 0.4, growth: 0.8 }));
  b.stream(res, "openaiOut", qty(r.int(500, 8_000), { noise: 0.25, weekend: 0.4, growth: 0.8 }));
};

const addBackup: Workload = (b, sub, app) => {
  const r = b.rng;
  const name = `rsv-${short(sub)}-${b.suffix(4)}`;
  const res = b.resource({ sub, resourceGroup: rgName(sub, "backup"), path: `Microsoft.RecoveryServices/vaults/${name}`, name, consumedService: "Microsoft.RecoveryServices", tags: { app } });
  b.stream(res, "backupInstance", qty(r.int(3, 30), { perMonth: true, growth: 0.1 }));
  b.stream(res, "backupStored", qty(r.int(500, 20_000), { perMonth: true, growth: 0.3 }));
};

const addDataFactory: Workload = (b, sub, app) => {
  const r = b.rng;
  const name = `adf-${app}-${sub.env}-${b.suffix(4)}`;
  const res = b.resource({ sub, resourceGroup: rgName(sub, app), path: `Microsoft.DataFactory/factories/${name}`, name, consumedService: "Microsoft.DataFactory", tags: { app } });
  b.stream(res, "adfOrchestration", qty(r.int(5, 200) / 10, { noise: 0.2, weekend: 0.5, growth: 0.2 }));
  b.stream(res, "adfDataMovement", qty(r.int(2, 40), { noise: 0.3, weekend: 0.5, growth: 0.2 }));
};

const addPrivateEndpoint: Workload = (b, sub, app) => {
  const name = `pe-${app}-${b.suffix(6)}`;
  const res = b.resource({ sub, resourceGroup: rgName(sub, "network"), path: `Microsoft.Network/privateEndpoints/${name}`, name, consumedService: "Microsoft.Network", tags: { app } });
  b.stream(res, "privateEndpoint", qty(24, { step: HOUR }));
};

const addAppGateway: Workload = (b, sub, app) => {
  const r = b.rng;
  const name = `agw-${app}-${sub.env}-${b.suffix(4)}`;
  const res = b.resource({ sub, resourceGroup: rgName(sub, "network"), path: `Microsoft.Network/applicationGateways/${name}`, name, consumedService: "Microsoft.Network", tags: { app } });
  b.stream(res, "appGwFixed", qty(24, { step: HOUR }));
  b.stream(res, "appGwCu", qty(24 * r.int(2, 12), { noise: 0.2, weekend: 0.7, growth: 0.2 }));
};

const addNetworkHub: Workload = (b, sub, app) => {
  const r = b.rng;
  const rg = rgName(sub, "hub");
  const n = b.nextNo();
  const gw = b.resource({ sub, resourceGroup: rg, path: `Microsoft.Network/virtualNetworkGateways/vgw-hub-${n}`, name: `vgw-hub-${n}`, consumedService: "Microsoft.Network", tags: { app } });
  b.stream(gw, "vpnGw", qty(24, { step: HOUR }));
  const fw = b.resource({ sub, resourceGroup: rg, path: `Microsoft.Network/azureFirewalls/afw-hub-${n}`, name: `afw-hub-${n}`, consumedService: "Microsoft.Network", tags: { app } });
  b.stream(fw, "firewall", qty(24, { step: HOUR }));
  b.stream(fw, "firewallData", qty(r.int(200, 3000), { noise: 0.2, weekend: 0.6, growth: 0.25 }));
  const nat = b.resource({ sub, resourceGroup: rg, path: `Microsoft.Network/natGateways/ng-hub-${n}`, name: `ng-hub-${n}`, consumedService: "Microsoft.Network", tags: { app } });
  b.stream(nat, "natGw", qty(24, { step: HOUR }));
  b.stream(nat, "natGwData", qty(r.int(50, 800), { noise: 0.2, weekend: 0.6 }));
  for (let i = 0; i < 2; i++) {
    const ip = b.resource({ sub, resourceGroup: rg, path: `Microsoft.Network/publicIPAddresses/pip-hub-${n}-${i}`, name: `pip-hub-${n}-${i}`, consumedService: "Microsoft.Network", tags: { app } });
    b.stream(ip, "publicIp", qty(24, { step: HOUR }));
  }
};

const vmWorkload: Workload = (b, sub, app) => void addVm(b, sub, app);
const aksWorkload: Workload = (b, sub, app) => void addAks(b, sub, app);
const storageWorkload: Workload = (b, sub, app) => void addStorage(b, sub, app);
const sqlWorkload: Workload = (b, sub, app) => void addSql(b, sub, app);
const appServiceWorkload: Workload = (b, sub, app) => void addAppService(b, sub, app);
const logWorkload: Workload = (b, sub, app) => void addLogAnalytics(b, sub, app);

type Mix = { weight: number; value: Workload }[];
const mix = (...items: [Workload, number][]): Mix => items.map(([value, weight]) => ({ value, weight }));

/** Which workloads each kind of subscription runs, in rough proportion (rows, not cost). */
export const PROFILE_MIX: Record<SubscriptionProfile, Mix> = {
  platform: mix([vmWorkload, 5], [storageWorkload, 3], [addKeyVault, 2], [logWorkload, 1], [addPrivateEndpoint, 1], [addBackup, 1], [addAcr, 1]),
  aks: mix([aksWorkload, 3], [storageWorkload, 2], [addKeyVault, 1], [logWorkload, 1], [addAcr, 1]),
  web: mix([appServiceWorkload, 4], [sqlWorkload, 3], [storageWorkload, 3], [addKeyVault, 2], [addRedis, 1], [addCosmos, 2], [addAppGateway, 1], [addFunctions, 2], [addPrivateEndpoint, 1]),
  data: mix([storageWorkload, 4], [addDataFactory, 2], [sqlWorkload, 2], [addCosmos, 1], [vmWorkload, 2], [addPostgres, 1], [logWorkload, 1], [addKeyVault, 1]),
  corp: mix([vmWorkload, 5], [storageWorkload, 2], [addBackup, 2], [sqlWorkload, 1], [addKeyVault, 1], [appServiceWorkload, 1]),
  dev: mix([vmWorkload, 3], [appServiceWorkload, 2], [storageWorkload, 2], [sqlWorkload, 1], [addKeyVault, 1], [addFunctions, 1]),
  connectivity: mix([addNetworkHub, 1], [vmWorkload, 1], [addPrivateEndpoint, 2], [logWorkload, 1]),
  ml: mix([vmWorkload, 2], [addOpenAi, 2], [storageWorkload, 2], [addKeyVault, 1], [addCosmos, 1]),
};

export const APP_NAMES = ["web", "api", "checkout", "search", "catalog", "billing", "auth", "reports", "etl", "ingest", "portal", "crm", "erp", "hr", "bi", "ml", "events", "notify"];
