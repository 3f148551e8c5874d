/**
 * What an admin (the plugins router, `abi plugins list`) sees of the registry: each plugin with
 * its versions (newest first, each with whether this ABI can run it and why not), the installed
 * version, whether it is enabled and the update available. Never a config value or a secret.
 */
import semver from "semver";
import { asc } from "drizzle-orm";
import { pluginInstallations, plugins, pluginVersions, type PluginHealth, type PluginVersionSource } from "../db/schema";
import type { Db } from "../runtime/postgres";
import type { PluginManifest } from "./contract";
import { availableUpdate, incompatibility, PluginLifecycleError } from "./lifecycle";

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

export async function listPlugins(db: Db): Promise<PluginItem[]> {
  const [all, versions, installs] = await Promise.all([
    db.select().from(plugins).orderBy(asc(plugins.id)),
    db.select().from(pluginVersions),
    db.select().from(pluginInstallations),
  ]);
  const out: PluginItem[] = [];
  for (const p of all) {
    const inst = installs.find((i) => i.pluginId === p.id);
    const mine = versions.filter((v) => v.pluginId === p.id).sort((a, b) => semver.rcompare(a.version, b.version));
    const items: PluginVersionItem[] = [];
    for (const v of mine) {
      const m = v.manifest as unknown as PluginManifest;
      items.push({ version: v.version, source: v.source, packageSha256: v.packageSha256, changelog: v.changelog, abi: m.abi, dependencies: m.dependencies ?? {}, incompatible: await incompatibility(db, m) });
    }
    out.push({
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
      updateAvailable: inst ? await availableUpdate(db, p.id, inst.activeVersion) : null,
      health: inst?.health ?? null,
    });
  }
  return out;
}

export async function getPlugin(db: Db, id: string): Promise<PluginItem> {
  const hit = (await listPlugins(db)).find((p) => p.id === id);
  if (!hit) throw new PluginLifecycleError("not-found", `no plugin "${id}" in the registry`);
  return hit;
}
