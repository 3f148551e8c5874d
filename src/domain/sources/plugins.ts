import { z } from "zod";

/**
 * The data-source plugins ABI ships: each has a public config (stored as JSON) and secret fields
 * (stored encrypted). The marketplace lists these.
 */
const azureScope = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("eaBillingAccount"), billingAccountId: z.string().min(1) }),
  z.object({ kind: z.literal("eaDepartment"), billingAccountId: z.string().min(1), departmentId: z.string().min(1) }),
  z.object({ kind: z.literal("eaEnrollmentAccount"), billingAccountId: z.string().min(1), enrollmentAccountId: z.string().min(1) }),
  z.object({ kind: z.literal("mcaBillingProfile"), billingAccountId: z.string().min(1), billingProfileId: z.string().min(1) }),
]);

export const plugins = {
  "file-upload": {
    title: "File upload",
    description: "Billing files uploaded in the browser or given to `abi ingest`: Azure EA/MCA exports, FocusCost, any FOCUS CSV/Parquet.",
    config: z.object({}).strict(),
    secrets: z.object({}).strict(),
  },
  "azure-cost-details": {
    title: "Azure Cost Details API",
    description: "Cost Management generateCostDetailsReport for an EA billing account, department, enrollment account or MCA billing profile, with an Entra ID service principal.",
    config: z.object({
      scope: azureScope,
      tenantId: z.string().min(1),
      clientId: z.string().min(1),
      /** Both metrics are pulled so commitments are exact; ActualCost alone is allowed. */
      metrics: z.array(z.enum(["ActualCost", "AmortizedCost"])).min(1).default(["ActualCost", "AmortizedCost"]),
      authorityHost: z.url().optional(),
      resourceManagerEndpoint: z.url().optional(),
    }),
    secrets: z.object({ clientSecret: z.string().min(1) }),
  },
  "azure-exports-s3": {
    title: "Azure exports in S3 / MinIO",
    description: "Cost Management exports (actual, amortized or FOCUS) copied to an S3-compatible bucket, found by their manifest.json.",
    config: z.object({
      // http(s) only: z.url() alone took "javascript:alert(1)//" and stored it
      endpoint: z.url({ protocol: /^https?$/, error: "The S3 endpoint must be an http:// or https:// URL" }),
      region: z.string().default("us-east-1"),
      bucket: z.string().min(3),
      prefix: z.string().default(""),
      forcePathStyle: z.boolean().default(true),
      accessKeyId: z.string().min(1),
    }),
    secrets: z.object({ secretAccessKey: z.string().min(1) }),
  },
} as const;

export type PluginId = keyof typeof plugins;
export const pluginIds = Object.keys(plugins) as PluginId[];

export function parsePluginConfig(plugin: string, config: unknown, secrets: unknown) {
  if (!(plugin in plugins)) throw new Error(`unknown data-source plugin "${plugin}"; known: ${pluginIds.join(", ")}`);
  const p = plugins[plugin as PluginId];
  return { config: p.config.parse(config) as Record<string, unknown>, secrets: p.secrets.parse(secrets) as Record<string, string> };
}
