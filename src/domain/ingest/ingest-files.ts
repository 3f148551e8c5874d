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
import { stageFiles, type StagedFile } from "./stage-files";
import { planRun, type RunPlan } from "./plan";
import { convertFile } from "./convert-step";
import { quarantineFailed, runMonths, swapMonths, upsertAccounts } from "./swap-step";
import { refreshRollups } from "../analytics/rollups";
import { currencyTotals, rowCounts, ruleSummary, fallbackSummary, convertedPerFile } from "./run-summary";
import { recordRunStart, recordRunEnd, recordValidation } from "./lineage";
import { IngestInputError } from "./errors";
import { releaseEngineMemory } from "./release-memory";
import type { IngestOptions, IngestReport } from "./types";

export async function rowRulesFor(ch: ClickHouseClient) {
  return rowRuleSet({ columns: await tableColumns(ch, "focus_billing_data"), focusVersion: "1.2" });
}

/**
 * Converts every planned file through the run's conv table: passing rows land in the run's data
 * table, failing rows in its failed table, counts and totals in its stats. Returns rows selected per file.
 */
export async function convertRun(ch: ClickHouseClient, t: RunTables, plan: RunPlan, ids: { sourceId: string; runId: string }, onRows?: (done: number) => void) {
  await createConvTables(ch, t);
  const rules = await rowRulesFor(ch);
  let done = 0;
  for (const p of plan.plans) {
    await convertFile(ch, t, p, ids, { failedRulesExpr: rules.failedRulesExpr }, () => releaseEngineMemory(ch));
    done += p.file.rows;
    onRows?.(done);
  }
  const perFile = await convertedPerFile(ch, t);
  return plan.plans.map((p) => perFile.get(p.file.index) ?? 0);
}

/**
 * The run's validation report: row rules from the conversion pass (a rule fails with the number of
 * rows it quarantined; loaded rows passed every rule by construction, so they are not scanned
 * again) plus the aggregate checks over the data about to be swapped in.
 */
export async function validateRun(ch: ClickHouseClient, t: RunTables, runId: string, quarantine: { rule: string; rows: number }[]): Promise<RuleResult[]> {
  const q = new Map(quarantine.map((x) => [x.rule, x.rows]));
  const rules = await rowRulesFor(ch);
  const results: RuleResult[] = rules.rules.map((r) => ({
    ruleId: r.id, description: r.description, scope: "row", result: q.has(r.id) ? "fail" : "pass", violations: q.get(r.id) ?? 0,
  }));
  const known = new Set(results.map((r) => r.ruleId));
  for (const [rule, rows] of q) if (!known.has(rule)) results.push({ ruleId: rule, description: "ABI structural/basic rule", scope: "row", result: "fail", violations: rows });
  for (const a of await runAggregateChecks(ch, { table: t.data, focusVersion: "1.2" })) {
    results.push({ ruleId: a.ruleId, description: a.description, scope: "aggregate", result: a.result, violations: a.violations, details: a.details });
  }
  await recordValidation(ch, runId, results);
  return results;
}

export async function ingestFiles(ch: ClickHouseClient, opts: IngestOptions): Promise<IngestReport> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString().replace("T", " ").replace("Z", "");
  const runId = opts.runId ?? crypto.randomUUID();
  const t = runTables(runId);
  const names = opts.fileNames ?? opts.files.map((f) => path.basename(f));
  const timings: Record<string, number> = {};
  const lap = (k: string, since: number) => (timings[k] = (Date.now() - since) / 1000);
  const report: IngestReport = {
    runId, sourceId: opts.sourceId, dataset: opts.dataset ?? "auto", rows: { in: 0, loaded: 0, quarantined: 0, excluded: 0 },
    totals: [], quarantine: [], seconds: 0, months: [], files: [], lookupFallbacks: [], approximations: [], timings,
  };
  if (!opts.sourceId.trim()) throw new IngestInputError("a source id is required");
  await ensureOpenData(ch);
  await recordRunStart(ch, { runId, sourceId: opts.sourceId, startedAt });
  try {
    let t0 = Date.now();
    const staged: StagedFile[] = await stageFiles(ch, t, opts.files, names, opts.dataset ?? "auto");
    lap("stage", t0);
    const total = staged.reduce((n, s) => n + s.rows, 0);
    report.rows.in = total;
    opts.onProgress?.({ step: "stage", rowsDone: total, rowsTotal: total });
    const plan = await planRun(ch, staged, opts.dataset ?? "auto");
    report.dataset = plan.dataset;
    report.approximations = plan.approximations;

    t0 = Date.now();
    const ids = { sourceId: opts.sourceId, runId };
    const selected = await convertRun(ch, t, plan, ids, (done) => opts.onProgress?.({ step: "convert", rowsDone: done, rowsTotal: total }));
    lap("convert", t0);
    report.files = plan.plans.map((p, i) => ({
      name: p.file.name, path: p.file.probe.path, sizeBytes: p.file.probe.sizeBytes, sha256: p.file.sha256,
      dataset: p.kind === "focus" ? `focus-${p.file.layout.kind === "focus" ? p.file.layout.version : ""}` : `${p.file.layout.kind === "azure" ? p.file.layout.agreement : ""}-${p.kind}`,
      format: p.file.probe.format, compression: p.file.probe.compression, rows: p.file.rows, selectedRows: selected[i] ?? 0,
    }));

    t0 = Date.now();
    const counts = await rowCounts(ch, t);
    report.rows.quarantined = counts.quarantined;
    report.rows.loaded = counts.converted - counts.quarantined;
    report.rows.excluded = total - counts.converted;
    report.totals = await currencyTotals(ch, t);
    report.quarantine = await ruleSummary(ch, t);
    report.lookupFallbacks = await fallbackSummary(ch, t);
    if (report.rows.loaded === 0) {
      const top = report.quarantine.slice(0, 3).map((q) => `${q.rule} (${q.rows} rows)`).join(", ");
      throw new IngestInputError(`all ${counts.converted} converted rows failed validation (${top}); previous data was kept`);
    }
    await quarantineFailed(ch, t, staged, ids, counts.quarantined);
    lap("split", t0);
    t0 = Date.now();
    await validateRun(ch, t, runId, report.quarantine);
    lap("validate", t0);
    opts.onProgress?.({ step: "validate", rowsDone: total, rowsTotal: total });

    t0 = Date.now();
    report.months = await runMonths(ch, t);
    await swapMonths(ch, t, opts.sourceId, report.months);
    await upsertAccounts(ch, t);
    lap("swap", t0);
    t0 = Date.now();
    // Dashboards read rollups; rebuild the swapped months now rather than on the next page view.
    for (const billingMonth of report.months) await refreshRollups(ch, { sourceId: opts.sourceId, billingMonth });
    lap("rollups", t0);
    report.seconds = (Date.now() - started) / 1000;
    await recordRunEnd(ch, startedAt, report);
    opts.onProgress?.({ step: "done", rowsDone: total, rowsTotal: total });
    return report;
  } catch (e) {
    report.seconds = (Date.now() - started) / 1000;
    await recordRunEnd(ch, startedAt, report, (e as Error).message).catch(() => undefined);
    throw e;
  } finally {
    await dropRunTables(ch, t).catch(() => undefined);
  }
}
