import { z } from "zod";
import { defineSourcePlugin } from "../../contract";

/** Files uploaded in the browser or given to `abi ingest`; nothing is pulled, nothing to connect to. */
export const fileUploadPlugin = defineSourcePlugin({
  kind: "source",
  manifest: {
    id: "file-upload",
    name: "File upload",
    version: "1.0.0",
    publisher: "ABI",
    description: "Billing files uploaded in the browser or given to `abi ingest`: Azure EA/MCA exports, FocusCost, any FOCUS CSV/Parquet.",
    category: "files",
    icon: "⇪",
    homepage: "docs/plugins.md#built-in-plugins",
    abi: "^1.0.0",
    dependencies: {},
  },
  configSchema: z.object({}).strict(),
  secretsSchema: z.object({}).strict(),
  example: { config: {}, secrets: {} },
  datasets: ["azure-actual", "azure-amortized", "focus"],
  acceptsUploads: true,
  pullsMonths: false,
  testConnection: async () => [{ step: "connect", ok: true, message: "File-upload sources have nothing to connect to.", latencyMs: 0 }],
  migrateConfig: (_from, config) => config,
});
