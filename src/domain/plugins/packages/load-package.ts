/**
 * Loads an unpacked plugin package with dynamic import(): the entry's default export
 * `definePlugin(sdk)` returns the capabilities; the manifest comes from package.json. The bundler
 * is told to leave these imports alone (the paths exist only at run time).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { DATASET_KINDS, type SourcePlugin } from "../contract";
import { manifestOf, parsePackageJson, PluginPackageError } from "./manifest";
import { pluginSdk } from "./sdk";

const isSchema = (v: unknown) => v instanceof z.ZodType;
const fn = z.custom<(...a: unknown[]) => unknown>((v) => typeof v === "function");

/** What `definePlugin(sdk)` must return (manifest and kind come from package.json). */
const capabilitiesSchema = z.object({
  configSchema: z.custom((v) => isSchema(v), { error: "configSchema must be a schema made with sdk.z" }),
  secretsSchema: z.custom((v) => isSchema(v), { error: "secretsSchema must be a schema made with sdk.z" }),
  hints: z.record(z.string(), z.string()).optional(),
  example: z.object({ config: z.record(z.string(), z.unknown()), secrets: z.record(z.string(), z.string()) }),
  datasets: z.array(z.enum(DATASET_KINDS)).min(1),
  acceptsUploads: z.boolean(),
  pullsMonths: z.boolean(),
  testConnection: fn,
  extractMonth: fn.optional(),
  listAvailableMonths: fn.optional(),
  secretHosts: z.object({ fields: z.string(), secret: z.string(), hosts: fn, assertAllowed: fn }).optional(),
  migrateConfig: fn,
});

export async function loadPackageFromDir(dir: string): Promise<SourcePlugin> {
  const pkg = parsePackageJson(JSON.parse(await readFile(path.join(dir, "package.json"), "utf8")));
  const entry = path.resolve(dir, pkg.main);
  if (!entry.startsWith(path.resolve(dir) + path.sep)) throw new PluginPackageError(`the entry ${pkg.main} lies outside the package`);
  const mod = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ /* @vite-ignore */ pathToFileURL(entry).href)) as { default?: unknown };
  if (typeof mod.default !== "function") throw new PluginPackageError(`${pkg.abi.id} ${pkg.version}: the entry must default-export definePlugin(sdk)`);
  const made = await (mod.default as (sdk: typeof pluginSdk) => unknown)(pluginSdk);
  const r = capabilitiesSchema.safeParse(made);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new PluginPackageError(`${pkg.abi.id} ${pkg.version}: definePlugin returned no valid plugin (${i.path.join(".") || "(root)"}: ${i.message})`);
  }
  const caps = made as Omit<SourcePlugin, "kind" | "manifest">;
  if (caps.pullsMonths !== (typeof caps.extractMonth === "function")) throw new PluginPackageError(`${pkg.abi.id} ${pkg.version}: extractMonth must be present exactly when pullsMonths is true`);
  return { ...caps, kind: "source", manifest: manifestOf(pkg) };
}
