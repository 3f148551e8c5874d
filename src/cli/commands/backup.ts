import path from "node:path";
import { backupArgs, backupCommand, restoreArgs, restoreCommand } from "../../domain/commands/backup";
import { runCommand } from "../run-command";
import { printJson } from "../output";
import { progressBar } from "../progress";

// Folders are resolved here: a command handed to the running app runs in the app's folder.
const absolute = (p: string | undefined) => (p && !p.startsWith("s3://") ? path.resolve(p) : p);

/** `abi backup [--to DIR|s3://bucket/prefix] [--json]` */
export async function backupCli(flags: { to?: string; json?: boolean }): Promise<number> {
  const args = backupArgs.parse({ to: absolute(flags.to) });
  const bar = progressBar(!flags.json);
  const result = await runCommand(backupCommand, args, (p) => bar.update(p)).finally(() => bar.done());
  if (flags.json) printJson(result);
  else console.log(`backup ${result.id}: ${result.bytes} bytes at ${result.location}`);
  return 0;
}

/** `abi restore <location> [--force] [--json]` */
export async function restoreCli(positionals: string[], flags: { force?: boolean; json?: boolean }): Promise<number> {
  if (positionals.length !== 1) throw new Error("usage: abi restore <folder|s3://bucket/prefix/id|backup id> [--force] [--json]");
  const loc = positionals[0]!;
  const args = restoreArgs.parse({ location: /^[./~]|[\\/]/.test(loc) && !loc.startsWith("s3://") ? path.resolve(loc) : loc, force: flags.force ?? false });
  const bar = progressBar(!flags.json);
  const result = await runCommand(restoreCommand, args, (p) => bar.update(p)).finally(() => bar.done());
  if (flags.json) printJson(result);
  else console.log(`restored backup ${result.id} (made ${result.createdAt}): ${result.postgresRows} PostgreSQL rows, ${result.clickhouseRows} ClickHouse rows, ${result.months} (source, month) totals checked`);
  return 0;
}
