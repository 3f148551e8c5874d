import type { Runtime } from "../runtime";
import { temporalClient } from "../runtime/temporal";
import { listRunRow, type RunRow } from "./list-runs";
import { directRun, isDirectOrigin } from "./direct-runs";
import { workflowHandle } from "../workflows/client";
import { progressQuery, workflows } from "../workflows/contract";
import { storedPeriodTotals, type PeriodTotals } from "../ingest/period-totals";

export type RunDetail = Omit<RunRow, "files"> & {
  steps: { name: string; startedAt?: string; finishedAt?: string; detail?: string }[];
  files: { name: string; sizeBytes: number; sha256: string; rows: number; dataset: string; format: string }[];
  validation: { rule: string; level: string; result: string; violations: number; details: string }[];
  quarantine: { file: string; row: number; rules: string[]; raw: string }[];
  restatements: { day: string; service: string; currency: string; billedBefore: string; billedAfter: string }[];
  approximations: string[];
  lookupFallbacks: string;
  /** File total = loaded + quarantined, per billing period and currency. */
  periods: PeriodTotals[];
};

async function rows<T>(rt: Runtime, query: string, runId: string): Promise<T[]> {
  const rs = await rt.ch.query({ query, query_params: { runId }, format: "JSONEachRow" });
  return rs.json<T>();
}

export class RunNotFoundError extends Error {}

/** A run's report: its row, steps, files (sha256), validation, quarantine sample and restatements. */
export async function runDetail(rt: Runtime, workflowId: string, runId: string): Promise<RunDetail> {
  if (isDirectOrigin(workflowId)) {
    // Made outside Temporal (`abi ingest`, `abi seed`): the steps are the lineage's timings.
    const direct = await directRun(rt, workflowId, runId);
    if (!direct) throw new RunNotFoundError(`No ${workflowId} run ${runId}`);
    return { ...direct, ...(await lineageDetail(rt, runId)) };
  }
  const client = await temporalClient(rt.env);
  const row = await listRunRow(rt, workflowId, runId);
  // Both ingestion workflows answer the same progress query.
  const handle = workflowHandle(client, workflows.ingestSourceMonth, workflowId, runId);
  const progress = await handle.query(progressQuery).catch(() => ({ steps: [] }));
  return { ...row, steps: progress.steps, ...(await lineageDetail(rt, runId)) };
}

async function lineageDetail(rt: Runtime, runId: string): Promise<Omit<RunDetail, Exclude<keyof RunRow, "files"> | "steps">> {
  const [files, validation, quarantine, restatements, lineage, periods] = await Promise.all([
    rows<{ name: string; size_bytes: string; sha256: string; rows: string; dataset: string; format: string }>(rt, "SELECT file_name AS name, size_bytes, sha256, rows, dataset, format FROM ingest_run_files FINAL WHERE run_id = {runId:String} ORDER BY file_index", runId),
    rows<{ rule: string; level: string; result: string; violations: string; details: string }>(rt, "SELECT rule_id AS rule, level, result, violations, details FROM validation_results FINAL WHERE run_id = {runId:String} ORDER BY result = 'fail' DESC, rule_id", runId),
    // A cost run's quarantine, or a contract-commitment run's (its reasons in words stand for the rules).
    rows<{ file: string; row: string; rules: string[]; raw: string }>(rt, `SELECT file, row, rules, raw FROM (
  SELECT file_name AS file, row_number AS row, CAST(rule_ids, 'Array(String)') AS rules, substring(raw_row, 1, 2000) AS raw FROM focus_quarantine WHERE x_IngestRunId = {runId:String}
  UNION ALL
  SELECT file_name AS file, row_number AS row, reasons AS rules, substring(raw_row, 1, 2000) AS raw FROM focus_contract_commitment_quarantine WHERE x_IngestRunId = {runId:String})
ORDER BY file, row LIMIT 50`, runId),
    rows<{ day: string; service: string; currency: string; billedBefore: string; billedAfter: string }>(rt, "SELECT toString(day) AS day, service_name AS service, currency, toString(billed_before) AS billedBefore, toString(billed_after) AS billedAfter FROM restatements WHERE run_id = {runId:String} ORDER BY abs(billed_after - billed_before) DESC LIMIT 100", runId),
    rows<{ approximations: string[]; lookup_fallbacks: string }>(rt, "SELECT approximations, lookup_fallbacks FROM ingest_runs FINAL WHERE run_id = {runId:String}", runId),
    storedPeriodTotals(rt.ch, runId),
  ]);
  return {
    files: files.map((f) => ({ ...f, sizeBytes: Number(f.size_bytes), rows: Number(f.rows) })),
    validation: validation.map((v) => ({ ...v, violations: Number(v.violations) })),
    quarantine: quarantine.map((q) => ({ ...q, row: Number(q.row) })),
    restatements,
    approximations: lineage[0]?.approximations ?? [],
    lookupFallbacks: lineage[0]?.lookup_fallbacks ?? "[]",
    periods,
  };
}
