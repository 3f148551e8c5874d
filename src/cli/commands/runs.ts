import { runMonthCommand, backfillCommand, listRunsCommand, listSourcesCommand, runArgs, backfillArgs } from "../../domain/commands/runs";
import type { RunRow } from "../../domain/ingestion/list-runs";
import { runCommand } from "../run-command";
import { progressBar } from "../progress";
import { printJson } from "../output";
import { remoteQuery, remoteServer } from "../remote";

/** Runs from the server named by ABI_URL (ingestion.list), the source looked up by name. */
async function remoteRuns(flags: { source?: string; limit?: string }): Promise<RunRow[]> {
  const remote = remoteServer()!;
  const limit = flags.limit === undefined ? 100 : Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new Error("--limit must be a whole number from 1 to 500");
  let sourceId: string | undefined;
  if (flags.source) {
    const sources = await remoteQuery<{ id: string; name: string }[]>(remote, "sources.list");
    sourceId = sources.find((s) => s.name === flags.source)?.id;
    if (!sourceId) throw new Error(`no data source named "${flags.source}" on ${remote.url}`);
  }
  return remoteQuery<RunRow[]>(remote, "ingestion.list", { limit, ...(sourceId ? { sourceId } : {}) });
}

const duration = (s: number | null) => (s === null ? "" : s < 90 ? `${s.toFixed(1)} s` : `${Math.round(s / 60)} min`);
/** The month, or what a run spanning several months loaded; `abi ingest` / `abi seed` runs say so. */
const what = (r: RunRow) => `${r.month ?? (r.type === "cli-ingest" ? "files" : "upload")}${r.type === "cli-ingest" ? " (abi ingest)" : r.type === "seed" ? " (abi seed)" : ""}`;
const totals = (r: RunRow) => r.totals.map((t) => `${t.billedCost} ${t.currency}`).join(", ");

function describeRun(r: RunRow): string {
  const rows = r.rows ? `${r.rows.loaded} rows loaded, ${r.rows.quarantined} quarantined` : "no rows";
  return `${r.sourceName} ${r.month ?? "upload"}: ${r.status} in ${duration(r.seconds)}; ${rows}${r.totals.length ? `; billed ${totals(r)}` : ""}`;
}

/** `abi run --source NAME --month YYYY-MM [--json]` */
export async function runCli(flags: { source?: string; month?: string; json?: boolean }): Promise<number> {
  // Checked here too, so a bad flag reads the same whether or not the app runs the command.
  const args = runArgs.parse({ source: flags.source ?? "", month: flags.month ?? "" });
  const bar = progressBar(!flags.json);
  const row = await runCommand(runMonthCommand, args, (p) => bar.update(p), { needsWorker: true }).finally(() => bar.done());
  if (flags.json) printJson(row);
  else console.log(describeRun(row));
  if (row.status !== "completed") {
    process.stderr.write(`abi: run ${row.status}${row.error ? `: ${row.error.split("\n")[0]}` : ""}\n`);
    return 1;
  }
  return 0;
}

/** `abi backfill --source NAME --from YYYY-MM --to YYYY-MM [--json]` */
export async function backfillCli(flags: { source?: string; from?: string; to?: string; json?: boolean }): Promise<number> {
  const args = backfillArgs.parse({ source: flags.source ?? "", from: flags.from ?? "", to: flags.to ?? "" });
  const bar = progressBar(!flags.json);
  const r = await runCommand(backfillCommand, args, (p) => bar.update(p), { needsWorker: true }).finally(() => bar.done());
  if (flags.json) printJson(r);
  else for (const m of r.months) console.log(`${m.month}: ${m.ok ? "completed" : `failed: ${m.error}`}`);
  const failed = r.months.filter((m) => !m.ok);
  if (r.status !== "completed" || failed.length > 0) {
    process.stderr.write(`abi: backfill ${r.status !== "completed" ? `${r.status}${r.error ? `: ${r.error}` : ""}` : `finished with ${failed.length} failed month(s)`}\n`);
    return 1;
  }
  return 0;
}

/** `abi runs [--source NAME] [--limit N] [--json]` */
export async function runsCli(flags: { source?: string; limit?: string; json?: boolean }): Promise<number> {
  const rows = remoteServer() ? await remoteRuns(flags) : await runCommand(listRunsCommand, { source: flags.source, limit: flags.limit }, () => undefined);
  if (flags.json) {
    printJson(rows);
    return 0;
  }
  if (rows.length === 0) console.log("no runs yet");
  for (const r of rows) {
    const progress = r.progress && r.progress.total > 0 ? ` ${Math.round((100 * r.progress.done) / r.progress.total)}% ${r.progress.step}` : "";
    console.log(`${r.startedAt.slice(0, 19).replace("T", " ")}  ${r.status.padEnd(10)} ${r.sourceName}${r.plugin ? ` [${r.plugin.id} ${r.plugin.version}]` : ""} ${what(r)}${progress}  ${r.rows ? `${r.rows.loaded} rows` : ""} ${totals(r)} ${duration(r.seconds)}${r.error ? `  ${r.error.split("\n")[0]}` : ""}`);
  }
  return 0;
}

/** `abi sources [--json]` */
export async function sourcesCli(flags: { json?: boolean }): Promise<number> {
  const sources = await runCommand(listSourcesCommand, {}, () => undefined);
  if (flags.json) {
    printJson(sources);
    return 0;
  }
  if (sources.length === 0) console.log("no data sources yet");
  for (const s of sources) {
    const schedule = s.scheduleEnabled ? `daily ${String(s.scheduleHourUtc).padStart(2, "0")}:00 UTC` : "no schedule";
    const last = s.lastRun ? `last run ${s.lastRun.status} ${s.lastRun.month ?? "upload"} ${s.lastRun.startedAt.slice(0, 16).replace("T", " ")}` : "never run";
    console.log(`${s.name}  (${s.plugin})  ${schedule}  ${last}`);
  }
  return 0;
}
