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

type PluginArgs = z.output<typeof pluginArgs>;
type Db = Parameters<typeof getPlugin>[0];

/** A lifecycle step on one plugin, answered with the plugin's entry as it is afterwards. */
function lifecycleCommand(name: string, step: (db: Db, a: PluginArgs) => Promise<unknown>): Command<z.input<typeof pluginArgs>, PluginListEntry> {
  return {
    name,
    async run(rt, raw) {
      const a = pluginArgs.parse(raw);
      await step(rt.db, a);
      return entry(await getPlugin(rt.db, a.id));
    },
  };
}

export const pluginsInstallCommand = lifecycleCommand("plugins-install", (db, a) => installPlugin(db, { pluginId: a.id, version: a.version }, CLI));
export const pluginsUpgradeCommand = lifecycleCommand("plugins-upgrade", (db, a) => upgradePlugin(db, { pluginId: a.id, version: a.version }, CLI));
export const pluginsRollbackCommand = lifecycleCommand("plugins-rollback", (db, a) => rollbackPlugin(db, a.id, CLI));
export const pluginsUninstallCommand = lifecycleCommand("plugins-uninstall", (db, a) => uninstallPlugin(db, a.id, CLI));
