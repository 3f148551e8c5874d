/**
 * The plugin lifecycle (issue 11, step 4): install, enable/disable, upgrade, roll back and
 * uninstall, each audited. Compatibility is checked with semver against ABI_PLUGIN_API_VERSION and
 * the installed versions of the plugin's dependencies; a refusal says why.
 */
import semver from "semver";
import { eq } from "drizzle-orm";
import { pluginInstallations, plugins, pluginVersions, type PreviousConfigs } from "../db/schema";
import type { Db } from "../runtime/postgres";
import { recordAudit, type AuditOrigin } from "../audit/record";
import { ABI_PLUGIN_API_VERSION, type PluginManifest } from "./contract";
import { findAnyPluginImplementation, type PluginCode } from "./implementations";
import { setActiveNotifier } from "./active-notifiers";
import { pluginUsers, setPluginUserConfig, userNoun } from "./plugin-users";
import { findInstallation, type InstallationRow } from "./registry-store";
import { activatePackagePlugins, requirePluginVersion } from "./packages/runtime-packages";

/** Loads a version's code (fetching and unpacking its package when needed), or refuses with why. */
async function loadOrRefuse(db: Db, pluginId: string, version: string) {
  try {
    return await requirePluginVersion(db, pluginId, version);
  } catch (err) {
    throw refuse(`the code of ${pluginId} ${version} cannot be loaded: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** A lifecycle step refused, with the reason a person reads; `kind` picks the API error code. */
export class PluginLifecycleError extends Error {
  override name = "PluginLifecycleError";
  constructor(
    readonly kind: "not-found" | "refused",
    message: string,
  ) {
    super(message);
  }
}

const refuse = (message: string) => new PluginLifecycleError("refused", message);

type Versions = { version: string; manifest: PluginManifest }[];

async function versionsOf(db: Db, pluginId: string): Promise<Versions> {
  const [plugin] = await db.select({ id: plugins.id }).from(plugins).where(eq(plugins.id, pluginId));
  if (!plugin) throw new PluginLifecycleError("not-found", `no plugin "${pluginId}" in the registry`);
  const rows = await db.select({ version: pluginVersions.version, manifest: pluginVersions.manifest }).from(pluginVersions).where(eq(pluginVersions.pluginId, pluginId));
  return rows.map((r) => ({ version: r.version, manifest: r.manifest as unknown as PluginManifest })).sort((a, b) => semver.rcompare(a.version, b.version));
}

async function versionOf(db: Db, pluginId: string, version: string) {
  const v = (await versionsOf(db, pluginId)).find((x) => x.version === version);
  if (!v) throw new PluginLifecycleError("not-found", `plugin "${pluginId}" has no version ${version} in the registry`);
  return v;
}

async function requireInstallation(db: Db, pluginId: string): Promise<InstallationRow> {
  const i = await findInstallation(db, pluginId);
  if (!i) throw new PluginLifecycleError("not-found", `plugin "${pluginId}" is not installed`);
  return i;
}

/**
 * Why this ABI cannot run the manifest (ABI range, a missing or out-of-range dependency), or null,
 * given the installed version of each plugin (`installedVersion`: undefined when not installed).
 */
export function incompatibilityWith(m: PluginManifest, installedVersion: (id: string) => string | undefined): string | null {
  if (!semver.validRange(m.abi) || !semver.satisfies(ABI_PLUGIN_API_VERSION, m.abi)) {
    return `${m.id} ${m.version} needs plugin API ${m.abi}; this ABI provides ${ABI_PLUGIN_API_VERSION}`;
  }
  for (const [dep, range] of Object.entries(m.dependencies ?? {})) {
    const installed = installedVersion(dep);
    if (installed === undefined) return `${m.id} ${m.version} needs plugin ${dep} ${range}, which is not installed`;
    if (!semver.satisfies(installed, range)) return `${m.id} ${m.version} needs plugin ${dep} ${range}; ${installed} is installed`;
  }
  return null;
}

/** Why this ABI cannot run the manifest, reading the installed versions of its dependencies. */
export async function incompatibility(db: Db, m: PluginManifest): Promise<string | null> {
  const deps = Object.keys(m.dependencies ?? {});
  const installed = new Map<string, string>();
  for (const dep of deps) {
    const row = await findInstallation(db, dep);
    if (row) installed.set(dep, row.activeVersion);
  }
  return incompatibilityWith(m, (id) => installed.get(id));
}

/** The newest registered version newer than the installed one that this ABI can run, if any. */
export async function availableUpdate(db: Db, pluginId: string, installed: string): Promise<string | null> {
  for (const v of await versionsOf(db, pluginId)) {
    if (!semver.gt(v.version, installed)) break;
    if ((await incompatibility(db, v.manifest)) === null) return v.version;
  }
  return null;
}

/** The newest version this ABI can run, else the newest (whose install is then refused with why). */
async function newestCompatible(db: Db, pluginId: string) {
  const versions = await versionsOf(db, pluginId);
  for (const v of versions) if ((await incompatibility(db, v.manifest)) === null) return v;
  if (!versions[0]) throw new PluginLifecycleError("not-found", `plugin "${pluginId}" has no version in the registry`);
  return versions[0];
}

/** Installs a registered version (the newest compatible one when none is named). */
export async function installPlugin(db: Db, input: { pluginId: string; version?: string }, origin: AuditOrigin): Promise<InstallationRow> {
  if (await findInstallation(db, input.pluginId)) throw refuse(`plugin "${input.pluginId}" is already installed; upgrade or roll it back instead`);
  const chosen = input.version ? await versionOf(db, input.pluginId, input.version) : await newestCompatible(db, input.pluginId);
  const why = await incompatibility(db, chosen.manifest);
  if (why) throw refuse(`cannot install: ${why}`);
  await loadOrRefuse(db, input.pluginId, chosen.version);
  const [row] = await db.insert(pluginInstallations).values({ pluginId: input.pluginId, activeVersion: chosen.version }).returning();
  await recordAudit(db, { ...origin, action: "plugin.install", target: input.pluginId, details: { version: chosen.version } });
  await activatePackagePlugins(db);
  return row!;
}

export async function setPluginEnabled(db: Db, pluginId: string, enabled: boolean, origin: AuditOrigin): Promise<InstallationRow> {
  await requireInstallation(db, pluginId);
  const [row] = await db.update(pluginInstallations).set({ enabled }).where(eq(pluginInstallations.pluginId, pluginId)).returning();
  await recordAudit(db, { ...origin, action: enabled ? "plugin.enable" : "plugin.disable", target: pluginId });
  return row!;
}

/**
 * Moves the installation to a newer version: the target's `migrateConfig` turns the installation's
 * config and every source's config saved by the current version into its own, all in one
 * transaction. Refused when the version is not newer, incompatible, or its code is not loaded.
 */
export async function upgradePlugin(db: Db, input: { pluginId: string; version?: string }, origin: AuditOrigin): Promise<InstallationRow> {
  const inst = await requireInstallation(db, input.pluginId);
  const version = input.version ?? (await availableUpdate(db, input.pluginId, inst.activeVersion));
  if (!version) throw refuse(`no newer compatible version of ${input.pluginId} than ${inst.activeVersion}`);
  const target = await versionOf(db, input.pluginId, version);
  if (!semver.gt(version, inst.activeVersion)) throw refuse(`cannot upgrade ${input.pluginId} from ${inst.activeVersion} to ${version}: not a newer version (use rollback to go back)`);
  const why = await incompatibility(db, target.manifest);
  if (why) throw refuse(`cannot upgrade: ${why}`);
  return moveTo(db, inst, version, "plugin.upgrade", origin);
}

/** Goes back to the previous version, restoring the configs kept when it was left. */
export async function rollbackPlugin(db: Db, pluginId: string, origin: AuditOrigin): Promise<InstallationRow> {
  const inst = await requireInstallation(db, pluginId);
  if (!inst.previousVersion) throw refuse(`${pluginId} has no previous version to roll back to`);
  await versionOf(db, pluginId, inst.previousVersion);
  return moveTo(db, inst, inst.previousVersion, "plugin.rollback", origin);
}

/**
 * Moves the installation (and the configs of what uses it: a source plugin's data sources, a
 * notifier's alert channels) to `version` in one transaction. The configs as they are now are
 * kept, so a rollback restores them exactly; a config with no kept copy (made after the upgrade)
 * goes through the target's `migrateConfig`.
 */
async function moveTo(db: Db, inst: InstallationRow, version: string, action: string, origin: AuditOrigin): Promise<InstallationRow> {
  const code: PluginCode = findAnyPluginImplementation(inst.pluginId, version) ?? (await loadOrRefuse(db, inst.pluginId, version));
  const kept = action === "plugin.rollback" && inst.previousVersion === version ? inst.previousConfigs : null;
  const migrate = (config: Record<string, unknown>, what: string) => {
    try {
      return code.migrateConfig(inst.activeVersion, config);
    } catch (err) {
      throw refuse(`${inst.pluginId} ${version} cannot take the settings of ${what} saved with ${inst.activeVersion}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const notifier = code.kind === "notifier";
  const moved = await db.transaction(async (tx) => {
    const users = await pluginUsers(tx as unknown as Db, code.kind, inst);
    const configs = Object.fromEntries(users.map((u) => [u.id, u.config]));
    const now: PreviousConfigs = notifier ? { installation: inst.config, sources: {}, channels: configs } : { installation: inst.config, sources: configs };
    const keptUsers = notifier ? kept?.channels : kept?.sources;
    for (const u of users) {
      await setPluginUserConfig(tx as unknown as Db, code.kind, u.id, keptUsers?.[u.id] ?? migrate(u.config, `${userNoun(code.kind)} "${u.name}"`));
    }
    const [row] = await tx
      .update(pluginInstallations)
      .set({ activeVersion: version, previousVersion: inst.activeVersion, config: kept?.installation ?? migrate(inst.config, "the installation"), previousConfigs: now })
      .where(eq(pluginInstallations.id, inst.id))
      .returning();
    await recordAudit(tx as unknown as Db, { ...origin, action, target: inst.pluginId, details: { from: inst.activeVersion, to: version, [notifier ? "channels" : "sources"]: users.length } });
    return row!;
  });
  if (code.kind === "notifier") setActiveNotifier(code);
  await activatePackagePlugins(db);
  return moved;
}

/** Removes the installation; refused while a data source or an alert channel uses it. Ingested data is not touched. */
export async function uninstallPlugin(db: Db, pluginId: string, origin: AuditOrigin): Promise<void> {
  const inst = await requireInstallation(db, pluginId);
  const [plugin] = await db.select({ kind: plugins.kind }).from(plugins).where(eq(plugins.id, pluginId));
  const kind = plugin?.kind ?? "source";
  const users = await pluginUsers(db, kind, inst);
  if (users.length > 0) {
    const names = users.slice(0, 5).map((u) => u.name).join(", ");
    const then = kind === "notifier" ? "delete those channels first" : "delete them first (their ingested data stays)";
    throw refuse(`cannot uninstall ${pluginId}: ${users.length} ${userNoun(kind)}(s) use it (${names}); ${then}`);
  }
  await db.delete(pluginInstallations).where(eq(pluginInstallations.id, inst.id));
  await recordAudit(db, { ...origin, action: "plugin.uninstall", target: pluginId, details: { version: inst.activeVersion } });
  await activatePackagePlugins(db);
}

/**
 * The installation a source of `pluginId` runs with; refused when the plugin is not installed or
 * disabled (new sources and runs of a disabled plugin's sources fail with this message).
 */
export async function requireRunnableInstallation(db: Db, pluginId: string, sourceName?: string): Promise<InstallationRow> {
  const who = sourceName ? `${sourceName} cannot run` : `cannot use plugin ${pluginId}`;
  const inst = await findInstallation(db, pluginId);
  if (!inst) throw refuse(`${who}: plugin ${pluginId} is not installed; an admin can install it under Plugins`);
  if (!inst.enabled) throw refuse(`${who}: plugin ${pluginId} is disabled; an admin can enable it under Plugins`);
  return inst;
}
