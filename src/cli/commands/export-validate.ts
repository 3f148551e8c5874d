import { exportCommand } from "../../domain/commands/export";
import { validateCommand } from "../../domain/commands/validate";
import { runCommand } from "../run-command";
import { printJson } from "../output";

export async function exportCli(flags: { from?: string; to?: string; format?: string; out?: string; "focus-version"?: string; source?: string }): Promise<number> {
  const r = await runCommand(
    exportCommand,
    { from: flags.from ?? "", to: flags.to ?? "", format: flags.format as never, out: flags.out ?? "", focusVersion: flags["focus-version"] as never, source: flags.source },
    () => undefined,
  );
  console.log(`exported ${r.rows} rows to ${r.out}`);
  return 0;
}

export async function validateCli(flags: { run?: string; json?: boolean }): Promise<number> {
  const r = await runCommand(validateCommand, { run: flags.run }, () => undefined);
  const failed = r.results.filter((x) => x.result === "fail");
  if (flags.json) printJson(r);
  else {
    console.log(`run ${r.runId}: ${r.results.length} rules, ${failed.length} failed`);
    for (const f of failed) console.log(`  FAIL ${f.rule}: ${f.violations} violations ${f.details ? `(${f.details})` : ""}`);
  }
  return failed.some((f) => f.level === "MUST") ? 3 : 0;
}
