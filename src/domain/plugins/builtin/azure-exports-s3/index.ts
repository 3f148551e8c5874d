import { defineSourcePlugin } from "../../contract";
import { s3SecretHosts } from "../../shared/s3-location";
import { configSchema, secretsSchema, type ExportsS3Config } from "./config";
import { lazyCapability } from "../../lazy-capability";
import { builtinManifest } from "../../packages/manifest";
import packageJson from "./package.json";


/** Cost Management exports copied to an S3-compatible bucket (client: src/domain/sources/s3-exports). */
export const azureExportsS3Plugin = defineSourcePlugin({
  kind: "source",
  // The manifest is the package.json of this folder, as for any plugin package.
  manifest: builtinManifest(packageJson),
  configSchema,
  secretsSchema,
  hints: {
    endpoint: "http(s)://host:port of MinIO or another S3-compatible server; https://s3.<region>.amazonaws.com for AWS",
    prefix: "Folder the exports were copied under, e.g. exports/billing",
    forcePathStyle: "Path-style URLs: needed by MinIO, rclone and most self-hosted S3",
  },
  example: {
    config: { endpoint: "http://127.0.0.1:9000", bucket: "billing", prefix: "exports", accessKeyId: "abi-reader" },
    secrets: { secretAccessKey: "example-secret" },
  },
  datasets: ["azure-actual", "azure-amortized", "focus"],
  acceptsUploads: false,
  pullsMonths: true,
  // One step: list one object under the prefix.
  async testConnection(config, secrets) {
    if (!secrets.secretAccessKey) return [{ step: "list the prefix", ok: false, message: "Enter the secret access key", latencyMs: 0 }];
    // The S3 client is loaded on first use, not with the registry.
    const { testConnection } = await import("../../../sources/s3-exports");
    const r = await testConnection({ ...config, secretAccessKey: secrets.secretAccessKey });
    return [{ step: "list the prefix", ok: r.ok, message: r.ok ? r.message : r.reason, latencyMs: r.latencyMs }];
  },
  extractMonth: lazyCapability(() => import("./extract-month").then((m) => m.extractMonth)),
  secretHosts: s3SecretHosts<ExportsS3Config>("secret access key"),
  migrateConfig: (_from, config) => config,
});
