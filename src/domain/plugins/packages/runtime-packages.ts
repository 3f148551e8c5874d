/**
 * Plugin versions from packages at run time: fetch (object store) → unpack (data directory) →
 * import() on first use, and the active version of every installed package made visible to the
 * registry. A version is loaded once per process; each version has its own folder, so two
 * versions of one plugin can be loaded side by side (the worker runs the version pinned on a run).
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { pluginInstallations, pluginVersions } from "../../db/schema";
import type { Db } from "../../runtime/postgres";
import { env as readEnv } from "../../runtime/env";
import { processSingleton } from "../../runtime/singleton";
import type { SourcePlugin } from "../contract";
import { addPluginImplementation, findAnyPluginImplementation, findPluginImplementation } from "../implementations";
import { setActivePackagePlugins } from "../active-packages";
import { loadPackageFromDir } from "./load-package";
import { PluginPackageError } from "./manifest";
import { unpackPackage } from "./package-archive";
import { installedPackageDir, packageHomeFromEnv, packageObjectKey, type PackageHome } from "./package-home";

const loading = processSingleton("plugins.loading", () => new Map<string, Promise<SourcePlugin>>());

/** The code of `id@version`: compiled in, already loaded, or loaded now from its package. */
export async function requirePluginVersion(db: Db, id: string, version: string, home: PackageHome = packageHomeFromEnv(readEnv())): Promise<SourcePlugin> {
  const known = findPluginImplementation(id, version);
  if (known) return known;
  const key = `${id}@${version}`;
  let p = loading.get(key);
  if (!p) {
    p = loadVersion(db, id, version, home).finally(() => loading.delete(key));
    loading.set(key, p);
  }
  return p;
}

async function loadVersion(db: Db, id: string, version: string, home: PackageHome): Promise<SourcePlugin> {
  const dir = await unpackedVersionDir(db, id, version, home);
  const plugin = await loadPackageFromDir(dir);
  if (plugin.manifest.id !== id || plugin.manifest.version !== version) throw new PluginPackageError(`the package in ${dir} is ${plugin.manifest.id} ${plugin.manifest.version}, not ${id} ${version}`);
  addPluginImplementation(plugin);
  return plugin;
}

/**
 * The folder `id@version` is unpacked in on this machine; on first use the package is fetched from
 * the object store (so every worker of a server deployment gets it) and must match the sha256 the
 * registry holds.
 */
export async function unpackedVersionDir(db: Db, id: string, version: string, home: PackageHome): Promise<string> {
  const [row] = await db.select().from(pluginVersions).where(and(eq(pluginVersions.pluginId, id), eq(pluginVersions.version, version)));
  if (!row) throw new PluginPackageError(`plugin ${id} has no version ${version} in the registry`);
  if (row.source === "builtin" || !row.packageSha256) throw new PluginPackageError(`the code of ${id} ${version} is not part of this ABI`);
  const dir = installedPackageDir(home.dataDir, id, version);
  if (existsSync(path.join(dir, "package.json"))) return dir;
  const tmp = path.join(os.tmpdir(), `abi-plugin-${randomUUID()}.tgz`);
  try {
    await home.store.getToFile(packageObjectKey(id, version), tmp);
    const unpacked = await unpackPackage(tmp, dir);
    if (unpacked.sha256 !== row.packageSha256) {
      await rm(dir, { recursive: true, force: true });
      throw new PluginPackageError(`the stored package of ${id} ${version} does not match its registered sha256`);
    }
  } finally {
    await rm(tmp, { force: true });
  }
  return dir;
}

/**
 * Loads the active version of every installed package plugin and hands them to the registry. A
 * package that fails to load is left out (and said on stderr) rather than stopping the start.
 */
export async function activatePackagePlugins(db: Db, home: PackageHome = packageHomeFromEnv(readEnv())): Promise<void> {
  const rows = await db
    .select({ id: pluginInstallations.pluginId, version: pluginInstallations.activeVersion, source: pluginVersions.source })
    .from(pluginInstallations)
    .innerJoin(pluginVersions, and(eq(pluginVersions.pluginId, pluginInstallations.pluginId), eq(pluginVersions.version, pluginInstallations.activeVersion)));
  const active: SourcePlugin[] = [];
  for (const r of rows) {
    // Notifier versions are served by the registry itself (active-notifiers.ts), not as packages.
    if (r.source === "builtin" || findAnyPluginImplementation(r.id, r.version)?.kind === "notifier") continue;
    try {
      active.push(await requirePluginVersion(db, r.id, r.version, home));
    } catch (err) {
      console.error(`plugin ${r.id} ${r.version} could not be loaded: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  setActivePackagePlugins(active);
}
