/**
 * The marketplace's plugin page (issue 11, step 5): what `listPlugins` tells of a plugin, plus its
 * manifest (homepage, icon), what it does (datasets, pulls months, takes uploads), where its
 * secret may go (`secretHosts`: the fields that name the hosts and the hosts its sources use), each
 * version's compatibility with every dependency checked on its own, and the sources using it (an
 * uninstall is refused while there are any). No config value beyond those hosts, never a secret.
 */
import semver from "semver";
import { asc, eq } from "drizzle-orm";
import { dataSources, pluginInstallations, pluginVersions } from "../db/schema";
import type { Db } from "../runtime/postgres";
import { ABI_PLUGIN_API_VERSION, type PluginManifest } from "./contract";
import { findPluginImplementation } from "./implementations";
import { getPlugin, type PluginItem, type PluginVersionItem } from "./list-plugins";

export type DependencyCheck = { id: string; range: string; installed: string | null; met: boolean; reason: string | null };

export type PluginPageVersion = PluginVersionItem & { abiMet: boolean; dependencyChecks: DependencyCheck[] };

export type PluginPage = Omit<PluginItem, "versions"> & {
  icon: string;
  homepage: string;
  /** The plugin API this ABI provides, to read each version's `abi` range against. */
  abiVersion: string;
  versions: PluginPageVersion[];
  /** Capabilities of the version shown (the installed one, else the newest); null when its code is not loaded here. */
  capabilities: { datasets: string[]; pullsMonths: boolean; acceptsUploads: boolean; secretFields: string[] } | null;
  /** Where the plugin's secret may be sent: the config fields naming the hosts, and the hosts its sources use. */
  secretHosts: { fields: string; secret: string; hosts: string[] } | null;
  sources: { id: string; name: string }[];
};

function dependencyChecks(m: PluginManifest, installedVersion: (id: string) => string | null): DependencyCheck[] {
  return Object.entries(m.dependencies ?? {}).map(([id, range]) => {
    const installed = installedVersion(id);
    const met = installed !== null && semver.validRange(range) !== null && semver.satisfies(installed, range);
    const reason = met ? null : installed === null ? `${id} is not installed` : `${id} ${installed} is installed; ${range} is needed`;
    return { id, range, installed, met, reason };
  });
}

function secretKeys(schema: unknown): string[] {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

export async function pluginPage(db: Db, id: string): Promise<PluginPage> {
  const item = await getPlugin(db, id);
  const rows = await db.select({ version: pluginVersions.version, manifest: pluginVersions.manifest }).from(pluginVersions).where(eq(pluginVersions.pluginId, id));
  const manifests = new Map(rows.map((r) => [r.version, r.manifest as unknown as PluginManifest]));
  const shown = item.installedVersion ?? item.versions[0]?.version ?? "";
  const manifest = manifests.get(shown);
  const code = findPluginImplementation(id, shown);
  const installs = await db.select({ pluginId: pluginInstallations.pluginId, activeVersion: pluginInstallations.activeVersion }).from(pluginInstallations);
  const installedVersion = (dep: string) => installs.find((i) => i.pluginId === dep)?.activeVersion ?? null;
  const used = await db.select({ id: dataSources.id, name: dataSources.name, config: dataSources.config }).from(dataSources).where(eq(dataSources.plugin, id)).orderBy(asc(dataSources.name));

  const versions: PluginPageVersion[] = item.versions.map((v) => {
    const m = manifests.get(v.version)!;
    return { ...v, abiMet: semver.validRange(m.abi) !== null && semver.satisfies(ABI_PLUGIN_API_VERSION, m.abi), dependencyChecks: dependencyChecks(m, installedVersion) };
  });

  let secretHosts: PluginPage["secretHosts"] = null;
  if (code?.secretHosts) {
    const hosts = new Set<string>();
    for (const s of used) {
      const parsed = code.configSchema.safeParse(s.config);
      if (parsed.success) for (const h of code.secretHosts.hosts(parsed.data)) hosts.add(h);
    }
    secretHosts = { fields: code.secretHosts.fields, secret: code.secretHosts.secret, hosts: [...hosts].sort() };
  }

  return {
    ...item,
    icon: manifest?.icon ?? "",
    homepage: manifest?.homepage ?? "",
    abiVersion: ABI_PLUGIN_API_VERSION,
    versions,
    capabilities: code ? { datasets: [...code.datasets], pullsMonths: code.pullsMonths, acceptsUploads: code.acceptsUploads, secretFields: secretKeys(code.secretsSchema) } : null,
    secretHosts,
    sources: used.map((s) => ({ id: s.id, name: s.name })),
  };
}
