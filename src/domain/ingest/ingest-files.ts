/**
 * ingestFiles: source files → validated FOCUS rows, replacing each (source, billing month)
 * atomically. Steps (stage → plan → convert → split/validate → swap) are exported separately
 * so a Temporal workflow can run them as activities.
 */
import crypto from "node:crypto";
import path from "node:path";
import type { ClickHouseClient } from "@clickhouse/client";
import { rowRuleSet, tableColumns, runAggregateChecks, type RuleResult } from "../focus/validation";
import { ensureOpenData } from "../focus/open-data";
import { runTables, createConvTables, dropRunTables, type RunTables } from "./run-tables";
import { sha256File, stageFiles, type StagedFile } from "./stage-files";
import { countFileRows } from "./file-rows";
import { approximations, planRun, type RunPlan } from "./plan";
import { convertFile } from "./convert-step";
import { quarantineFailed, runMonths, swapMonths, upsertAccounts } from "./swap-step";
import { refreshRollups } from "../analytics/rollups";
import { currencyTotals, rowCounts, ruleSummary, fallbackSummary, convertedPerFile, commitCounts } from "./run-summary";
import { recordRunStart, recordRunEnd, recordValidation } from "./lineage";
import { periodTotals } from "./period-totals";
import { IngestInputError } from "./errors";
import { releaseEngineMemory } from "./release-memory";
import { isEmbeddedClickHouse } from "./engine-mode";
import { applyFocusVersions, rulesForFile, versionResults } from "./focus-versions";
import type { FocusInput, IngestOptions, IngestReport } from "./types";
import { isContractCommitmentFile } from "./contract-commitment-file";
import { CC_DATASET, stageContractCommitments, swapContractCommitments } from "./contract-commitment-load";

export async function rowRulesFor(ch: ClickHouseClient) {
  return rowRuleSet({ columns: await tableColumns(ch, "focus_billing_data"), focusVersion: "1.2" });
}

/**
 * Converts every planned file through the run's conv table: passing rows land in the run's data
 * table, failing rows in its failed table, counts and totals in its stats. Returns, per file, the
 * rows read and the rows the recipe selected (a direct file is read here, and every row of it is selected).
 */
export async function convertRun(ch: ClickHouseClient, t: RunTables, plan: RunPlan, ids: { sourceId: string; runId: string }, onRows?: (done: number) => void) {
  await createConvTables(ch, t);
  const columns = await tableColumns(ch, "focus_billing_data");
  let done = 0;
  for (const p of plan.plans) {
    // Each file's rows are judged by the rules of its own FOCUS version (docs/focus-versions.md).
    const rules = rulesForFile(columns, p.file);
    // A purchases-only file converts a handful of rows: nothing to hand back.
    await convertFile(ch, t, p, ids, { checks: rules.rows }, p.file.purchasesOnly ? undefined : () => releaseEngineMemory(ch));
    done += rowsToConvert(p);
    onRows?.(done);
  }
  const selected = await convertedPerFile(ch, t);
  return Promise.all(
    plan.plans.map(async (p) => {
      const n = selected.get(p.file.index) ?? 0;
      return { rows: !p.file.direct ? p.file.rows : p.selectAll ? n : await countFileRows(ch, p.file), selected: n };
    }),
  );
}

/**
 * The run's validation report: row rules from the conversion pass (a rule fails with the number of
 * rows it quarantined; loaded rows passed every rule by construction, so they are not scanned
 * again) plus the aggregate checks over the data about to be swapped in.
 */
export async function validateRun(
  ch: ClickHouseClient,
  t: RunTables,
  runId: string,
  quarantine: { rule: string; rows: number }[],
  input?: { staged: readonly StagedFile[]; focusInputs: readonly FocusInput[] },
): Promise<RuleResult[]> {
  const q = new Map(quarantine.map((x) => [x.rule, x.rows]));
  const columns = await tableColumns(ch, "focus_billing_data");
  // The union of the row rules every file was judged by (one version's set per file).
  const sets = input?.staged.length ? input.staged.map((f) => rulesForFile(columns, f).rows) : [(await rowRulesFor(ch)).rules];
  const rowRules = [...new Map(sets.flat().map((r) => [r.id, r])).values()];
  const results: RuleResult[] = rowRules.map((r) => ({
    ruleId: r.id, description: r.description, scope: "row", result: q.has(r.id) ? "fail" : "pass", violations: q.get(r.id) ?? 0,
  }));
  const listed = new Set(results.map((r) => r.ruleId));
  for (const v of versionResults(columns, input?.staged ?? [], input?.focusInputs ?? [])) {
    if (!listed.has(v.ruleId)) results.push(v);
    listed.add(v.ruleId);
  }
  const known = new Set(results.map((r) => r.ruleId));
  for (const [rule, rows] of q) if (!known.has(rule)) results.push({ ruleId: rule, description: "ABI structural/basic rule", scope: "row", result: "fail", violations: rows });
  for (const a of await runAggregateChecks(ch, { table: t.data, focusVersion: "1.2" })) {
    results.push({ ruleId: a.ruleId, description: a.description, scope: "aggregate", result: a.result, violations: a.violations, details: a.details });
  }
  await recordValidation(ch, runId, results);
  return results;
}

/** What the stage step hands to the next steps: plain data, so a Temporal activity can return it. */
export type StagedRun = {
  runId: string;
  sourceId: string;
  startedAt: string;
  startedMs: number;
  staged: StagedFile[];
  plan: RunPlan;
  report: IngestReport;
  /** A FOCUS 1.3 contract-commitment run: checked in the stage step, swapped by (source, file set). */
  contract?: { fileSet: string };
  /** The run's files as given (local path, recorded name): the raw archive copies these after the swap. */
  inputs?: { path: string; name: string }[];
};

/** Rows a file brings to the conversion, for progress: known for staged files, estimated from the bytes per row of the file's head for direct ones. */
function rowsToConvert(p: RunPlan["plans"][number]): number {
  return p.file.direct ? Math.round(p.file.probe.sizeBytes / (p.file.probe.bytesPerRow ?? 1000)) : p.file.rows;
}

const lap = (report: IngestReport, step: string, since: number) => (report.timings[step] = (Date.now() - since) / 1000);

/** Step 1: stage every file into the run's String tables and decide how each converts. */
export async function stageStep(ch: ClickHouseClient, opts: IngestOptions & { runId: string }): Promise<StagedRun> {
  const startedMs = Date.now();
  const startedAt = new Date(startedMs).toISOString().replace("T", " ").replace("Z", "");
  const { runId, sourceId } = opts;
  const t = runTables(runId);
  const names = opts.fileNames ?? opts.files.map((f) => path.basename(f));
  const inputs = opts.files.map((f, i) => ({ path: f, name: names[i] ?? path.basename(f) }));
  const report: IngestReport = {
    runId, sourceId, dataset: opts.dataset ?? "auto", rows: { in: 0, loaded: 0, quarantined: 0, excluded: 0 },
    totals: [], quarantine: [], seconds: 0, months: [], files: [], lookupFallbacks: [], approximations: [], timings: {},
  };
  if (!sourceId.trim()) throw new IngestInputError("a source id is required");
  await ensureOpenData(ch);
  await dropRunTables(ch, t); // a retried step starts clean
  await recordRunStart(ch, { runId, sourceId, startedAt });
  try {
    const t0 = Date.now();
    const contract = await contractCommitmentRun(ch, opts, names, report);
    if (contract) {
      lap(report, "stage", t0);
      return { runId, sourceId, startedAt, startedMs, staged: [], plan: { plans: [], dataset: CC_DATASET }, report, contract, inputs };
    }
    const staged = await stageFiles(ch, t, opts.files, names, opts.dataset ?? "auto");
    lap(report, "stage", t0);
    report.rows.in = staged.reduce((n, s) => n + s.rows, 0);
    opts.onProgress?.({ step: "stage", rowsDone: report.rows.in, rowsTotal: report.rows.in });
    report.focusInputs = applyFocusVersions(staged, opts.files, opts.focusVersion);
    const plan = await planRun(ch, staged, opts.dataset ?? "auto");
    report.dataset = plan.dataset;
    return { runId, sourceId, startedAt, startedMs, staged, plan, report, inputs };
  } catch (e) {
    await failRun(ch, { startedAt, startedMs, report }, e);
    throw e;
  }
}

/** Step 2: convert and check every row; passing rows wait in the run's data table, failing ones are quarantined. */
export async function convertStep(ch: ClickHouseClient, run: StagedRun, onProgress?: IngestOptions["onProgress"]): Promise<StagedRun> {
  const t = runTables(run.runId);
  const ids = { sourceId: run.sourceId, runId: run.runId };
  if (run.contract) return run; // checked in the stage step
  return runStep(ch, run, async (report) => {
    await dropRunTables(ch, t, { keepStaging: true }); // a retried conversion starts from the staged files
    let t0 = Date.now();
    const total = run.plan.plans.reduce((n, p) => n + rowsToConvert(p), 0);
    const hashes = Promise.all(run.plan.plans.map((p) => p.file.sha256 || sha256File(p.file.probe.path)));
    hashes.catch(() => undefined);
    const files = await convertRun(ch, t, run.plan, ids, (done) => onProgress?.({ step: "convert", rowsDone: done, rowsTotal: Math.max(done, total) }));
    const sha256 = await hashes;
    lap(report, "convert", t0);
    report.rows.in = files.reduce((n, f) => n + f.rows, 0);
    if (report.rows.in === 0) {
      throw new IngestInputError(`${run.staged.map((s) => s.name).join(", ")}: the file has a header but no data rows; nothing was loaded`);
    }
    report.approximations = approximations(run.plan, await commitCounts(ch, t));
    report.files = run.plan.plans.map((p, i) => ({
      name: p.file.name, path: p.file.probe.path, sizeBytes: p.file.probe.sizeBytes, sha256: sha256[i]!,
      dataset: p.kind === "focus" ? `focus-${p.file.layout.kind === "focus" ? p.file.layout.version : ""}` : `${p.file.layout.kind === "azure" ? p.file.layout.agreement : ""}-${p.kind}`,
      format: p.file.probe.format, compression: p.file.probe.compression, rows: files[i]!.rows, selectedRows: files[i]!.selected,
    }));

    t0 = Date.now();
    const counts = await rowCounts(ch, t);
    report.rows.quarantined = counts.quarantined;
    report.rows.loaded = counts.converted - counts.quarantined;
    report.rows.excluded = report.rows.in - counts.converted;
    report.totals = await currencyTotals(ch, t);
    report.periods = await periodTotals(ch, t);
    report.quarantine = await ruleSummary(ch, t);
    report.lookupFallbacks = await fallbackSummary(ch, t);
    if (report.rows.loaded === 0) {
      const top = report.quarantine.slice(0, 3).map((q) => `${q.rule} (${q.rows} rows)`).join(", ");
      throw new IngestInputError(`all ${counts.converted} converted rows failed validation (${top}); previous data was kept`);
    }
    await quarantineFailed(ch, t, run.staged, ids, counts.quarantined);
    lap(report, "split", t0);
    return { ...run, report };
  });
}

/** Step 3: the table-level validation report of the data about to be swapped in. */
export async function validateStep(ch: ClickHouseClient, run: StagedRun): Promise<StagedRun> {
  if (run.contract) return run; // row checks ran in the stage step; the dataset has no aggregate checks
  return runStep(ch, run, async (report) => {
    const t0 = Date.now();
    await validateRun(ch, runTables(run.runId), run.runId, report.quarantine, { staged: run.staged, focusInputs: report.focusInputs ?? [] });
    lap(report, "validate", t0);
    return { ...run, report };
  });
}

/** Step 4: replace each (source, billing month) atomically, refresh its rollups, close the lineage record. */
export async function swapStep(ch: ClickHouseClient, run: StagedRun): Promise<IngestReport> {
  const t = runTables(run.runId);
  return runStep(ch, run, async (report) => {
    let t0 = Date.now();
    if (run.contract) {
      await swapContractCommitments(ch, { runId: run.runId, sourceId: run.sourceId, fileSet: run.contract.fileSet });
      lap(report, "swap", t0);
      report.seconds = (Date.now() - run.startedMs) / 1000;
      await recordRunEnd(ch, run.startedAt, report);
      return report;
    }
    report.months = await runMonths(ch, t);
    await swapMonths(ch, t, run.sourceId, report.months);
    await upsertAccounts(ch, t);
    lap(report, "swap", t0);
    t0 = Date.now();
    // Dashboards read rollups; rebuild the swapped months now rather than on the next page view.
    await withFactMergesPaused(ch, async () => {
      for (const billingMonth of report.months) {
        await releaseEngineMemory(ch);
        await refreshRollups(ch, { sourceId: run.sourceId, billingMonth });
      }
    });
    lap(report, "rollups", t0);
    report.seconds = (Date.now() - run.startedMs) / 1000;
    await recordRunEnd(ch, run.startedAt, report);
    return report;
  });
}

/**
 * The swapped-in parts are merged in the background right after the swap; in embedded mode that merge
 * is held back until the rollups are rebuilt, which otherwise share the two cores with it (1.25M rows:
 * rollups 7.4 s → 4.4 s, and ~150 MiB less peak memory). Only embedded: STOP MERGES dies with the
 * process there, while on a server a crashed worker would leave the fact table unmerged.
 */
async function withFactMergesPaused(ch: ClickHouseClient, work: () => Promise<void>): Promise<void> {
  if (!isEmbeddedClickHouse(ch)) return work();
  await ch.command({ query: "SYSTEM STOP MERGES focus_billing_data" });
  try {
    await work();
  } finally {
    await ch.command({ query: "SYSTEM START MERGES focus_billing_data" });
  }
}

/** Runs a step on a copy of the run's report; a failure is recorded in the run's lineage before it propagates. */
async function runStep<T>(ch: ClickHouseClient, run: StagedRun, work: (report: IngestReport) => Promise<T>): Promise<T> {
  const report = structuredClone(run.report);
  try {
    return await work(report);
  } catch (e) {
    await failRun(ch, { ...run, report }, e);
    throw e;
  }
}

/** Marks the run failed in its lineage record (best effort: the original error is what matters). */
export async function failRun(ch: ClickHouseClient, run: Pick<StagedRun, "startedAt" | "startedMs" | "report">, error: unknown): Promise<void> {
  const report = { ...run.report, seconds: (Date.now() - run.startedMs) / 1000 };
  await recordRunEnd(ch, run.startedAt, report, error instanceof Error ? error.message : String(error)).catch(() => undefined);
}

/**
 * A run of FOCUS 1.3 contract-commitment files only: stages and checks them into the run's tables
 * and fills the report; undefined for cost files. Mixing both kinds in one run is refused.
 */
async function contractCommitmentRun(ch: ClickHouseClient, opts: IngestOptions & { runId: string }, names: string[], report: IngestReport): Promise<{ fileSet: string } | undefined> {
  const kinds = await Promise.all(opts.files.map((f) => isContractCommitmentFile(f)));
  if (!kinds.some(Boolean)) return undefined;
  if (!kinds.every(Boolean)) {
    const cc = names.filter((_, i) => kinds[i]);
    throw new IngestInputError(`${cc.join(", ")}: FOCUS 1.3 contract-commitment files are loaded on their own, not in the same run as cost files`);
  }
  if (opts.dataset && opts.dataset !== "auto" && opts.dataset !== "focus") throw new IngestInputError(`${names[0]}: is a FOCUS 1.3 contract-commitment file but --dataset ${opts.dataset} was given`);
  const r = await stageContractCommitments(ch, { runId: opts.runId, sourceId: opts.sourceId, files: opts.files, names });
  Object.assign(report, { dataset: CC_DATASET, rows: { ...r.rows, excluded: 0 }, quarantine: r.reasons, files: r.files });
  return { fileSet: r.fileSet };
}

/** The four steps in one call (CLI, seed, uploads without Temporal); run tables are dropped at the end. */
export async function ingestFiles(ch: ClickHouseClient, opts: IngestOptions): Promise<IngestReport> {
  const runId = opts.runId ?? crypto.randomUUID();
  try {
    const staged = await stageStep(ch, { ...opts, runId });
    const converted = await convertStep(ch, staged, opts.onProgress);
    const validated = await validateStep(ch, converted);
    opts.onProgress?.({ step: "validate", rowsDone: validated.report.rows.in, rowsTotal: validated.report.rows.in });
    const report = await swapStep(ch, validated);
    opts.onProgress?.({ step: "done", rowsDone: report.rows.in, rowsTotal: report.rows.in });
    return report;
  } finally {
    await dropRunTables(ch, runTables(runId)).catch(() => undefined);
  }
}
