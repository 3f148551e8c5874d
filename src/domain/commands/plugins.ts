import { z } from "zod";
import { listPlugins, getPlugin, type PluginItem } from "../plugins/list-plugins";
import { installPlugin, rollbackPlugin, uninstallPlugin, upgradePlugin } from "../plugins/lifecycle";
import type { AuditOrigin } from "../audit/record";
import type { Command } from "./types";

// The CLI has no signed-in user: whoever can run it owns the data directory or the server.
const CLI: AuditOrigin = { userAgent: "abi cli" };

/** `abi plugins list --json` prints exactly these fields (issue 11). */
export type PluginListEntry = { id: string; name: string; kind: string; versions: string[]; installedVersion: string | null; enabled: boolean; updateAvailable: string | null };

const entry = (p: PluginItem): PluginListEntry => ({
  id: p.id,
  name: p.name,
  kind: p.kind,
  versions: p.versions.map((v) => v.version),
  installedVersion: p.installedVersion,
  enabled: p.enabled,
  updateAvailable: p.updateAvailable,
});

export const pluginsListCommand: Command<Record<string, never>, PluginListEntry[]> = {
  name: "plugins-list",
  run: async (rt) => (await listPlugins(rt.db)).map(entry),
};

export const pluginArgs = z.object({ id: z.string().trim().min(1, "name the plugin"), version: z.string().trim().min(1).optional() });

export const pluginsInstallCommand: Command<z.input<typeof pluginArgs>, PluginListEntry> = {
  name: "plugins-install",
  async run(rt, raw) {
    const a = pluginArgs.parse(raw);
    await installPlugin(rt.db, { pluginId: a.id, version: a.version }, CLI);
    return entry(await getPlugin(rt.db, a.id));
  },
};

export const pluginsUpgradeCommand: Command<z.input<typeof pluginArgs>, PluginListEntry> = {
  name: "plugins-upgrade",
  async run(rt, raw) {
    const a = pluginArgs.parse(raw);
    await upgradePlugin(rt.db, { pluginId: a.id, version: a.version }, CLI);
    return entry(await getPlugin(rt.db, a.id));
  },
};

export const pluginsRollbackCommand: Command<z.input<typeof pluginArgs>, PluginListEntry> = {
  name: "plugins-rollback",
  async run(rt, raw) {
    const a = pluginArgs.parse(raw);
    await rollbackPlugin(rt.db, a.id, CLI);
    return entry(await getPlugin(rt.db, a.id));
  },
};

export const pluginsUninstallCommand: Command<z.input<typeof pluginArgs>, PluginListEntry> = {
  name: "plugins-uninstall",
  async run(rt, raw) {
    const a = pluginArgs.parse(raw);
    await uninstallPlugin(rt.db, a.id, CLI);
    return entry(await getPlugin(rt.db, a.id));
  },
};
