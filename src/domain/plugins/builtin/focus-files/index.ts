import { defineSourcePlugin } from "../../contract";
import { s3SecretHosts } from "../../shared/s3-location";
import { configSchema, secretsSchema, type FocusFilesConfig } from "./config";
import { lazyCapability } from "../../lazy-capability";
import { builtinManifest } from "../../packages/manifest";
import packageJson from "./package.json";


/** FOCUS CSV/Parquet files from any provider (AWS, Google Cloud, Oracle, Microsoft) in an S3-compatible bucket, or uploaded. */
export const focusFilesPlugin = defineSourcePlugin({
  kind: "source",
  // The manifest is the package.json of this folder, as for any plugin package.
  manifest: builtinManifest(packageJson),
  configSchema,
  secretsSchema,
  hints: {
    endpoint: "http(s)://host:port of MinIO or another S3-compatible server; https://s3.<region>.amazonaws.com for AWS",
    prefix: "Folder the FOCUS files are under, e.g. focus/aws",
    forcePathStyle: "Path-style URLs: needed by MinIO, rclone and most self-hosted S3",
    monthLayout: "month-folder: files sit in a folder per month (2026-03, 202603, BILLING_PERIOD=2026-03, 20260301-20260331); billing-period-column: the BillingPeriodStart of each CSV's first row decides",
    focusVersion: "auto: metadata next to the file, else the header decides; or force the version the files are written in",
    accessKeyId: "Access key id of a read-only user of the bucket",
  },
  example: {
    config: { endpoint: "http://127.0.0.1:9000", bucket: "billing", prefix: "focus/aws", monthLayout: "month-folder", focusVersion: "auto" },
    secrets: { accessKeyId: "abi-reader", secretAccessKey: "example-secret" },
  },
  datasets: ["focus"],
  acceptsUploads: true,
  pullsMonths: true,
  testConnection: lazyCapability(() => import("./test-connection").then((m) => m.testFocusFiles)),
  extractMonth: lazyCapability(() => import("./extract-month").then((m) => m.extractMonth)),
  secretHosts: s3SecretHosts<FocusFilesConfig>("access key and secret key"),
  migrateConfig: (_from, config) => config,
});
