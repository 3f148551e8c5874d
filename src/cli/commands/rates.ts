import path from "node:path";
import { ratesImportArgs, ratesImportCommand } from "../../domain/commands/rates";
import { runCommand } from "../run-command";
import { printJson } from "../output";

/** `abi rates import <file> [--json]` */
export async function ratesCli(positionals: string[], flags: { json?: boolean }): Promise<number> {
  const [action, file, ...extra] = positionals;
  if (action !== "import" || extra.length > 0) throw new Error("usage: abi rates import <file> [--json]");
  // absolute, so an embedded app that runs the command reads the same file
  const args = ratesImportArgs.parse({ file: file ? path.resolve(file) : "" });
  const r = await runCommand(ratesImportCommand, args, () => undefined);
  if (flags.json) printJson(r);
  else console.log(`imported ${r.rates} rates: ${r.days} days ${r.firstDay}..${r.lastDay}, ${r.currencies.length} currencies per 1 EUR (${r.skipped} N/A cells skipped)`);
  return 0;
}
