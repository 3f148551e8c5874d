import { auditArgs, auditCommand } from "../../domain/commands/audit";
import { runCommand } from "../run-command";
import { printJson } from "../output";

/** `abi audit [--since YYYY-MM-DD] [--action PREFIX] [--actor EMAIL] [--limit N] [--json]` */
export async function auditCli(flags: { since?: string; action?: string; actor?: string; limit?: string; json?: boolean }): Promise<number> {
  // Checked here too, so a bad flag reads the same whether or not the app runs the command.
  const args = auditArgs.parse({ since: flags.since, action: flags.action, actor: flags.actor, limit: flags.limit });
  const rows = await runCommand(auditCommand, args, () => undefined);
  if (flags.json) {
    printJson(rows);
    return 0;
  }
  if (rows.length === 0) console.log("no audit entries");
  for (const r of rows) {
    const details = r.details && Object.keys(r.details).length ? `  ${JSON.stringify(r.details)}` : "";
    console.log(`${r.at.slice(0, 19).replace("T", " ")}  ${r.action.padEnd(22)} ${r.actorEmail ?? "-"}  ${r.target ?? ""}${r.ip ? `  from ${r.ip}` : ""}${details}`);
  }
  return 0;
}
