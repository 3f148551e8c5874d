import path from "node:path";
import { ingestCommand } from "../../domain/commands/ingest";
import { ingestJson } from "../../domain/ingest";
import { runCommand } from "../run-command";
import { progressBar } from "../progress";
import { printJson } from "../output";
import { formatPeriod } from "../../domain/ingest/period-totals";

export async function ingestCli(files: string[], flags: { source?: string; dataset?: string; "focus-version"?: string; json?: boolean }): Promise<number> {
  const bar = progressBar(!flags.json);
  const args = { files: files.map((f) => (/^s3:\/\//.test(f) ? f : path.resolve(f))), source: flags.source, dataset: flags.dataset as never, focusVersion: flags["focus-version"] as never };
  const r = await runCommand(ingestCommand, args, (p) => bar.update(p)).finally(() => bar.done());
  if (flags.json) {
    printJson(ingestJson(r));
    return 0;
  }
  console.log(`run ${r.runId}: ${r.dataset}, months ${r.months.join(", ") || "none"}, ${r.seconds.toFixed(1)} s`);
  console.log(`rows: ${r.rows.in} in, ${r.rows.loaded} loaded, ${r.rows.quarantined} quarantined, ${r.rows.excluded} excluded by the recipe`);
  for (const t of r.totals) {
    const q = t.quarantinedBilledCost === "0" ? "" : `; quarantined billed ${t.quarantinedBilledCost}, effective ${t.quarantinedEffectiveCost}`;
    console.log(`  ${t.currency}: source ${t.sourceCost}, billed ${t.billedCost}, effective ${t.effectiveCost}${q}`);
  }
  for (const p of r.periods ?? []) console.log(`  ${formatPeriod(p)}`);
  for (const q of r.quarantine) console.log(`  quarantined by ${q.rule}: ${q.rows} rows`);
  for (const f of r.lookupFallbacks) console.log(`  lookup fallback ${f.lookup}: ${f.rows} rows`);
  for (const a of r.approximations) console.log(`  approximated: ${a}`);
  for (const f of r.focusInputs ?? []) {
    console.log(`  ${f.file}: FOCUS ${f.version} (${f.source === "option" ? "--focus-version" : f.source === "metadata" ? `metadata ${f.detail}` : "header"}), derived: ${f.derived.join(", ") || "none"}`);
  }
  return 0;
}
