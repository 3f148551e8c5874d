import { z } from "zod";
import { defineSourcePlugin } from "../../contract";
import { builtinManifest } from "../../packages/manifest";
import packageJson from "./package.json";

/** Files uploaded in the browser or given to `abi ingest`; nothing is pulled, nothing to connect to. */
export const fileUploadPlugin = defineSourcePlugin({
  kind: "source",
  // The manifest is the package.json of this folder, as for any plugin package.
  manifest: builtinManifest(packageJson),
  configSchema: z.object({}).strict(),
  secretsSchema: z.object({}).strict(),
  example: { config: {}, secrets: {} },
  datasets: ["azure-actual", "azure-amortized", "focus"],
  acceptsUploads: true,
  pullsMonths: false,
  testConnection: async () => [{ step: "connect", ok: true, message: "File-upload sources have nothing to connect to.", latencyMs: 0 }],
  migrateConfig: (_from, config) => config,
});
