import { AZURE_PUBLIC_ARM, AZURE_PUBLIC_AUTHORITY } from "../../../sources/azure-cost-details/config";
import { checkAzureUrl } from "../../../sources/shared/url-policy";
import { defineSourcePlugin } from "../../contract";
import { listAvailableMonths } from "./available-months";
import { configSchema, secretsSchema, type CostDetailsPluginConfig } from "./config";
import { lazyCapability } from "../../lazy-capability";
import { builtinManifest } from "../../packages/manifest";
import packageJson from "./package.json";

const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);
const authority = (c: CostDetailsPluginConfig) => str(c.authorityHost) ?? AZURE_PUBLIC_AUTHORITY;
const arm = (c: CostDetailsPluginConfig) => str(c.resourceManagerEndpoint) ?? AZURE_PUBLIC_ARM;

/** Cost Management generateCostDetailsReport (client: src/domain/sources/azure-cost-details). */
export const azureCostDetailsPlugin = defineSourcePlugin({
  kind: "source",
  // The manifest is the package.json of this folder, as for any plugin package.
  manifest: builtinManifest(packageJson),
  configSchema,
  secretsSchema,
  hints: {
    authorityHost: "Leave empty for the Azure public cloud",
    resourceManagerEndpoint: "Leave empty for the Azure public cloud",
    metrics: "Pull both so commitments are exact",
  },
  example: {
    config: { scope: { kind: "eaBillingAccount", billingAccountId: "12345678" }, tenantId: "00000000-0000-0000-0000-000000000001", clientId: "00000000-0000-0000-0000-000000000002" },
    secrets: { clientSecret: "example-secret" },
  },
  datasets: ["azure-actual", "azure-amortized"],
  acceptsUploads: false,
  pullsMonths: true,
  // One step: sign in to Entra ID (a token for the service principal).
  async testConnection(config, secrets) {
    const step = "sign in to Entra ID";
    if (!secrets.clientSecret) return [{ step, ok: false, message: "Enter the client secret", latencyMs: 0 }];
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      // The Cost Details client is loaded on first use, not with the registry.
      const { CostDetailsClient } = await import("../../../sources/azure-cost-details");
      const client = new CostDetailsClient({ ...config, clientSecret: secrets.clientSecret, backoff: { maxAttempts: 1 } });
      await client.tokens.getToken(AbortSignal.timeout(15_000));
      return [{ step, ok: true, message: `Signed in to Entra ID tenant ${config.tenantId} as ${config.clientId}.`, latencyMs: elapsed() }];
    } catch (err) {
      return [{ step, ok: false, message: err instanceof Error ? err.message : String(err), latencyMs: elapsed() }];
    }
  },
  extractMonth: lazyCapability(() => import("./extract-month").then((m) => m.extractMonth)),
  listAvailableMonths,
  secretHosts: {
    fields: "Entra ID authority host or Resource Manager endpoint",
    secret: "client secret",
    hosts: (c) => [authority(c), arm(c)],
    assertAllowed: async (c) => {
      checkAzureUrl(authority(c), "authority");
      checkAzureUrl(arm(c), "arm");
    },
  },
  migrateConfig: (_from, config) => config,
});
