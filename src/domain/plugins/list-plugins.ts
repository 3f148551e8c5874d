/**
 * What an admin (the plugins router, `abi plugins list`) sees of the registry: each plugin with
 * its versions (newest first, each with whether this ABI can run it and why not), the installed
 * version, whether it is enabled and the update available. Never a config value or a secret.
 */
import semver from "semver";
import { asc, eq } from "drizzle-orm";
import { pluginInstallations, plugins, pluginVersions, type PluginHealth, type PluginVersionSource } from "../db/schema";
import type { Db } from "../runtime/postgres";
import type { PluginManifest } from "./contract";
import { incompatibilityWith, PluginLifecycleError } from "./lifecycle";

export type PluginVersionItem = { version: string; source: PluginVersionSource; packageSha256: string | null; changelog: string; abi: string; dependencies: Record<string, string>; incompatible: string | null };

export type PluginItem = {
  id: string;
  name: string;
  kind: string;
  publisher: string;
  category: string;
  description: string;
  versions: PluginVersionItem[];
  installedVersion: string | null;
  previousVersion: string | null;
  enabled: boolean;
  updateAvailable: string | null;
  health: PluginHealth | null;
};

/** Every plugin in the registry (or only `onlyId`), from three queries: nothing is read per plugin or version. */
export async function listPlugins(db: Db, onlyId?: string): Promise<PluginItem[]> {
  const [all, versions, installs] = await Promise.all([
    db.select().from(plugins).where(onlyId === undefined ? undefined : eq(plugins.id, onlyId)).orderBy(asc(plugins.id)),
    db.select().from(pluginVersions).where(onlyId === undefined ? undefined : eq(pluginVersions.pluginId, onlyId)),
    db.select().from(pluginInstallations),
  ]);
  const installedVersion = (id: string) => installs.find((i) => i.pluginId === id)?.activeVersion;
  return all.map((p) => {
    const inst = installs.find((i) => i.pluginId === p.id);
    const items: PluginVersionItem[] = versions
      .filter((v) => v.pluginId === p.id)
      .sort((a, b) => semver.rcompare(a.version, b.version))
      .map((v) => {
        const m = v.manifest as unknown as PluginManifest;
        return { version: v.version, source: v.source, packageSha256: v.packageSha256, changelog: v.changelog, abi: m.abi, dependencies: m.dependencies ?? {}, incompatible: incompatibilityWith(m, installedVersion) };
      });
    return {
      id: p.id,
      name: p.name,
      kind: p.kind,
      publisher: p.publisher,
      category: p.category,
      description: p.description,
      versions: items,
      installedVersion: inst?.activeVersion ?? null,
      previousVersion: inst?.previousVersion ?? null,
      enabled: inst?.enabled ?? false,
      // As availableUpdate: the newest version newer than the installed one that this ABI can run.
      updateAvailable: inst ? (items.find((v) => semver.gt(v.version, inst.activeVersion) && v.incompatible === null)?.version ?? null) : null,
      health: inst?.health ?? null,
    };
  });
}

export async function getPlugin(db: Db, id: string): Promise<PluginItem> {
  const [hit] = await listPlugins(db, id);
  if (!hit) throw new PluginLifecycleError("not-found", `no plugin "${id}" in the registry`);
  return hit;
}
