/**
 * The plugin registry in PostgreSQL (issue 11, step 2): plugins, their versions and the
 * installations. Built-in versions are upserted at boot (`syncBuiltinPlugins`, from migrateAll);
 * built-ins are installed and enabled when first registered, and sources made before the registry are
 * linked to their plugin's installation.
 */
import { and, eq, isNull } from "drizzle-orm";
import { dataSources, pluginInstallations, plugins, pluginVersions, type PluginVersionSource } from "../db/schema";
import type { Db } from "../runtime/postgres";
import type { SourcePlugin } from "./contract";
import type { NotifierPlugin } from "./notifier-contract";
import { builtinSourcePlugins, notifierPlugins } from "./registry";

export type RegisterVersion = { source: PluginVersionSource; packageSha256?: string | null; changelog?: string };

/** Upserts the plugin row (its latest descriptive fields) and the version row (its manifest). */
export async function registerPluginVersion(db: Db, plugin: Pick<SourcePlugin | NotifierPlugin, "kind" | "manifest">, how: RegisterVersion): Promise<void> {
  const m = plugin.manifest;
  const described = { kind: plugin.kind, name: m.name, publisher: m.publisher, category: m.category, description: m.description };
  await db.insert(plugins).values({ id: m.id, ...described }).onConflictDoUpdate({ target: plugins.id, set: described });
  const version = { manifest: { ...m } as Record<string, unknown>, packageSha256: how.packageSha256 ?? null, changelog: how.changelog ?? "", source: how.source };
  await db
    .insert(pluginVersions)
    .values({ pluginId: m.id, version: m.version, ...version })
    .onConflictDoUpdate({ target: [pluginVersions.pluginId, pluginVersions.version], set: version });
}

/** Registers the compiled-in plugins, installs those not yet installed and links older sources. */
export async function syncBuiltinPlugins(db: Db): Promise<void> {
  const known = new Set((await db.select({ id: plugins.id }).from(plugins)).map((p) => p.id));
  for (const p of [...builtinSourcePlugins(), ...notifierPlugins({ builtinOnly: true })]) {
    await registerPluginVersion(db, p, { source: "builtin", changelog: "Built into ABI." });
    // Installed when first seen only: a built-in an admin uninstalled stays uninstalled.
    if (!known.has(p.manifest.id)) await db.insert(pluginInstallations).values({ pluginId: p.manifest.id, activeVersion: p.manifest.version }).onConflictDoNothing({ target: pluginInstallations.pluginId });
  }
  const installs = await db.select({ id: pluginInstallations.id, pluginId: pluginInstallations.pluginId }).from(pluginInstallations);
  for (const i of installs) {
    await db.update(dataSources).set({ installationId: i.id }).where(and(eq(dataSources.plugin, i.pluginId), isNull(dataSources.installationId)));
  }
}

export type PluginVersionRow = typeof pluginVersions.$inferSelect;
export type InstallationRow = typeof pluginInstallations.$inferSelect;

export async function findInstallation(db: Db, pluginId: string): Promise<InstallationRow | undefined> {
  const [row] = await db.select().from(pluginInstallations).where(eq(pluginInstallations.pluginId, pluginId));
  return row;
}

export async function pluginVersionRows(db: Db, pluginId: string): Promise<PluginVersionRow[]> {
  return db.select().from(pluginVersions).where(eq(pluginVersions.pluginId, pluginId));
}
