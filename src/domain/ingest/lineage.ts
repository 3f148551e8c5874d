/** Writes the ingest-run lineage: run record, files, totals per currency, validation results. */
import type { ClickHouseClient } from "@clickhouse/client";
import type { IngestReport } from "./types";
import type { RuleResult } from "../focus/validation";
import { recordPeriodTotals } from "./period-totals";
import { observeIngestRun } from "../metrics/registry";
import { publishRunEvent } from "../events/bus";

const nowIso = () => new Date().toISOString().replace("T", " ").replace("Z", "");

export async function recordRunStart(ch: ClickHouseClient, r: { runId: string; sourceId: string; startedAt: string }) {
  await ch.insert({
    table: "ingest_runs",
    format: "JSONEachRow",
    values: [{ run_id: r.runId, source_id: r.sourceId, dataset: "", status: "running", started_at: r.startedAt, rows_in: 0, rows_loaded: 0, rows_quarantined: 0, rows_excluded: 0, months: [], rule_summary: "[]", lookup_fallbacks: "[]", approximations: [], timings: "{}", error: null, updated_at: nowIso() }],
  });
}

export async function recordRunEnd(ch: ClickHouseClient, startedAt: string, report: IngestReport, error?: string) {
  await ch.insert({
    table: "ingest_runs",
    format: "JSONEachRow",
    values: [
      {
        run_id: report.runId,
        source_id: report.sourceId,
        dataset: report.dataset,
        status: error ? "failed" : "succeeded",
        started_at: startedAt,
        finished_at: nowIso(),
        rows_in: report.rows.in,
        rows_loaded: error ? 0 : report.rows.loaded,
        rows_quarantined: error ? 0 : report.rows.quarantined,
        rows_excluded: report.rows.excluded,
        months: report.months,
        rule_summary: JSON.stringify(report.quarantine),
        lookup_fallbacks: JSON.stringify(report.lookupFallbacks),
        approximations: report.approximations,
        timings: JSON.stringify(report.timings),
        error: error ?? null,
        updated_at: nowIso(),
      },
    ],
  });
  if (report.files.length) {
    await ch.insert({
      table: "ingest_run_files",
      format: "JSONEachRow",
      values: report.files.map((f, i) => ({
        run_id: report.runId, file_index: i, file_name: f.name, file_path: f.path, size_bytes: f.sizeBytes, sha256: f.sha256,
        dataset: f.dataset, format: f.format, compression: f.compression, rows: f.rows, header_columns: [],
      })),
    });
  }
  if (report.totals.length) {
    await ch.insert({
      table: "ingest_run_totals",
      format: "JSONEachRow",
      values: report.totals.map((t) => ({
        run_id: report.runId, currency: t.currency, source_cost: t.sourceCost, source_effective_cost: t.sourceCost,
        billed_cost: t.billedCost, effective_cost: t.effectiveCost, quarantined_billed_cost: t.quarantinedBilledCost,
        quarantined_effective_cost: t.quarantinedEffectiveCost, excluded_cost: "0",
      })),
    });
  }
  // Every run ends here, whichever process ran it: /api/metrics counts it in this process.
  observeIngestRun({
    status: error ? "failed" : "succeeded",
    seconds: Math.max(0, (Date.now() - Date.parse(`${startedAt.replace(" ", "T")}Z`)) / 1000),
    rowsIn: report.rows.in,
    loaded: error ? 0 : report.rows.loaded,
    quarantined: error ? 0 : report.rows.quarantined,
    excluded: report.rows.excluded,
  });
  // A failed run loaded and quarantined nothing (the previous data stays): no reconciliation to show.
  if (!error) await recordPeriodTotals(ch, report.runId, report.periods ?? []);
  // After the lineage is written, so a consumer that looks the run up finds it (docs/events.md).
  publishRunEvent(report, error);
}

export async function recordValidation(ch: ClickHouseClient, runId: string, results: RuleResult[]) {
  if (!results.length) return;
  await ch.insert({
    table: "validation_results",
    format: "JSONEachRow",
    values: results.map((r) => ({ run_id: runId, rule_id: r.ruleId, level: r.scope, result: r.result, violations: r.violations, details: r.details ?? r.description })),
  });
}
