/**
 * A test-only plugin with several versions, to exercise the registry lifecycle: 1.0.0 keeps its
 * address in `endpoint`; 2.0.0 renames it `url` and adds `region` (its migrateConfig moves the
 * value); 3.0.0 needs a plugin API this ABI does not provide. `widgetsAddon` depends on ^2.0.0.
 */
import { z } from "zod";
import { defineSourcePlugin, type SourcePlugin } from "~/domain/plugins/contract";

const manifest = (version: string, abi = "^1.0.0", dependencies: Record<string, string> = {}) => ({
  id: "test-widgets",
  name: "Test widgets",
  version,
  publisher: "ABI tests",
  description: "A test plugin",
  category: "files" as const,
  icon: "W",
  homepage: "https://example.com",
  abi,
  dependencies,
});

const common = { kind: "source" as const, secretsSchema: z.object({}), datasets: ["focus"] as const, acceptsUploads: true, pullsMonths: false, testConnection: async () => [] };

export const widgetsV1: SourcePlugin = defineSourcePlugin({
  ...common,
  manifest: manifest("1.0.0"),
  configSchema: z.object({ endpoint: z.string() }),
  example: { config: { endpoint: "https://a.example.com" }, secrets: {} },
  migrateConfig: (_from, config) => config,
});

export const widgetsV2: SourcePlugin = defineSourcePlugin({
  ...common,
  manifest: manifest("2.0.0"),
  configSchema: z.object({ url: z.string(), region: z.string() }),
  example: { config: { url: "https://a.example.com", region: "eu" }, secrets: {} },
  migrateConfig(from, config) {
    if (from.startsWith("1.")) {
      if (typeof config.endpoint !== "string") throw new Error("the 1.x config has no endpoint");
      return { url: config.endpoint, region: "eu" };
    }
    return config;
  },
});

export const widgetsV3: SourcePlugin = defineSourcePlugin({ ...widgetsV2, manifest: manifest("3.0.0", "^2.0.0") } as unknown as SourcePlugin);

export const widgetsAddon: SourcePlugin = defineSourcePlugin({
  ...common,
  manifest: { ...manifest("1.0.0", "^1.0.0", { "test-widgets": "^2.0.0" }), id: "test-widgets-addon", name: "Test widgets add-on" },
  configSchema: z.object({}),
  example: { config: {}, secrets: {} },
  migrateConfig: (_from, config) => config,
});
