import { exportCommand } from "../../domain/commands/export";
import { validateCommand } from "../../domain/commands/validate";
import { seedCommand } from "../../domain/commands/seed";
import { progressBar } from "../progress";
import { runCommand } from "../run-command";
import { printJson } from "../output";
import { formatPeriod } from "../../domain/ingest/period-totals";

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
    if (r.reconciliation.length) console.log("cost per billing period (file = loaded + quarantined):");
    for (const p of r.reconciliation) console.log(`  ${formatPeriod(p)}`);
  }
  return failed.some((f) => f.level === "MUST") ? 3 : 0;
}

const intFlag = (v: string | undefined) => (v === undefined ? undefined : /^\d+$/.test(v) ? Number(v) : Number.NaN);

export async function seedCli(flags: { months?: string; "rows-per-day"?: string; seed?: string; source?: string; "if-empty"?: boolean; json?: boolean }): Promise<number> {
  const bar = progressBar(!flags.json);
  const r = await runCommand(
    seedCommand,
    { months: intFlag(flags.months), rowsPerDay: intFlag(flags["rows-per-day"]), seed: intFlag(flags.seed), source: flags.source, ifEmpty: flags["if-empty"] },
    (p) => bar.update(p),
  ).finally(() => bar.done());
  if (flags.json) printJson(r);
  else if (r.skipped) console.log(`seed skipped: ${r.skipped}`);
  else console.log(`seeded source ${r.source}: ${r.files} files, months ${r.months[0]}..${r.months.at(-1)}, ${r.rows.loaded} rows loaded (${r.rows.excluded} excluded by the recipe, ${r.rows.quarantined} quarantined), ${r.anomalies} injected anomalies, ${r.budgets?.length ?? 0} demo budgets, ${r.seconds.toFixed(1)} s`);
  return 0;
}
