import { pluginsListCommand, pluginsInstallCommand, pluginsUpgradeCommand, pluginsRollbackCommand, pluginsUninstallCommand, pluginArgs, type PluginListEntry } from "../../domain/commands/plugins";
import { runCommand } from "../run-command";
import { printJson } from "../output";

const ACTIONS = {
  install: { command: pluginsInstallCommand, done: "installed" },
  upgrade: { command: pluginsUpgradeCommand, done: "upgraded to" },
  rollback: { command: pluginsRollbackCommand, done: "rolled back to" },
  uninstall: { command: pluginsUninstallCommand, done: "uninstalled" },
} as const;

function describe(p: PluginListEntry): string {
  const state = p.installedVersion ? `${p.installedVersion} ${p.enabled ? "enabled" : "disabled"}` : "not installed";
  const update = p.updateAvailable ? `  (update available: ${p.updateAvailable})` : "";
  return `${p.id}  ${p.name}  [${p.kind}]  ${state}  versions: ${p.versions.join(", ")}${update}`;
}

/** `--json` prints the fields issue 11 names, in this order. */
const jsonShape = (p: PluginListEntry) => ({ id: p.id, name: p.name, kind: p.kind, versions: p.versions, installedVersion: p.installedVersion, enabled: p.enabled });

/** `abi plugins list|install|upgrade|rollback|uninstall [ID] [--version V] [--json]` */
export async function pluginsCli(positionals: string[], flags: { version?: string; json?: boolean }): Promise<number> {
  const [action, id] = positionals;
  if (action === "list" || action === undefined) {
    const list = await runCommand(pluginsListCommand, {}, () => undefined);
    if (flags.json) printJson(list.map(jsonShape));
    else if (list.length === 0) console.log("no plugins registered");
    else for (const p of list) console.log(describe(p));
    return 0;
  }
  if (!(action in ACTIONS)) throw new Error(`unknown plugins action "${action}"; use list, install, upgrade, rollback or uninstall`);
  const { command, done } = ACTIONS[action as keyof typeof ACTIONS];
  const args = pluginArgs.parse({ id: id ?? "", version: flags.version });
  const p = await runCommand(command, args, () => undefined);
  if (flags.json) printJson(jsonShape(p));
  else console.log(`${p.id} ${done}${action === "uninstall" ? "" : ` ${p.installedVersion}`}`);
  return 0;
}
