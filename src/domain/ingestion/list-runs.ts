import { defaultPayloadConverter, type Client, type WorkflowExecutionInfo } from "@temporalio/client";
import { inArray } from "drizzle-orm";
import type { Runtime } from "../runtime";
import { temporalClient } from "../runtime/temporal";
import { dataSources } from "../db/schema";
import { RUN_WORKFLOW_TYPES } from "./workflow-ids";
import { listDirectRuns } from "./direct-runs";
import { runFiles, type RunFile } from "./run-files";
import { runPlugins, type RunPlugin } from "./run-plugin";
import type { RunRow, RunStatus } from "./run-row";
import type { WorkProgress } from "../workflows/progress";

// The row shape lives in run-row.ts so direct-runs.ts can build rows without importing this file.
export type { RunRow, RunStatus } from "./run-row";

const STATUS: Record<string, RunStatus> = {
  RUNNING: "running", COMPLETED: "completed", FAILED: "failed", CANCELLED: "cancelled",
  TERMINATED: "terminated", TIMED_OUT: "timed_out", CONTINUED_AS_NEW: "completed",
};

/** The activity's last heartbeat: rows or bytes done out of the total. */
export async function liveProgress(client: Client, workflowId: string, runId: string): Promise<WorkProgress | null> {
  const d = await client.workflow.getHandle(workflowId, runId).describe();
  const pending = d.raw.pendingActivities?.[0];
  const payload = pending?.heartbeatDetails?.payloads?.[0];
  if (!payload) return pending ? { step: pending.activityType?.name ?? "working", done: 0, total: 0, unit: "rows" } : null;
  return defaultPayloadConverter.fromPayload(payload) as WorkProgress;
}

// A closed run's failure never changes; the console polls every 2 s, so fetch each one once.
const failureCache = new Map<string, string>();

export async function failureMessage(client: Client, workflowId: string, runId: string): Promise<string> {
  const cached = failureCache.get(runId);
  if (cached !== undefined) return cached;
  const message = await fetchFailureMessage(client, workflowId, runId);
  if (failureCache.size >= 1000) failureCache.delete(failureCache.keys().next().value!);
  failureCache.set(runId, message);
  return message;
}

/** The innermost cause's message of a closed run that did not complete ("" if it did). */
export async function fetchFailureMessage(client: Client, workflowId: string, runId: string): Promise<string> {
  try {
    await client.workflow.getHandle(workflowId, runId).result();
    return "";
  } catch (err) {
    let e: unknown = err;
    while (e instanceof Error && e.cause instanceof Error) e = e.cause;
    return e instanceof Error ? e.message : String(e);
  }
}

type Lineage = { run_id: string; rows_in: string; rows_loaded: string; rows_quarantined: string; rows_excluded: string };
type Totals = { run_id: string; currency: string; billed_cost: string; effective_cost: string };

async function lineageFor(rt: Runtime, runIds: string[]) {
  if (runIds.length === 0) return { runs: new Map<string, Lineage>(), totals: new Map<string, Totals[]>(), files: new Map<string, RunFile[]>() };
  const params = { ids: runIds };
  const [runs, totals, files] = await Promise.all([
    rt.ch.query({ query: "SELECT run_id, rows_in, rows_loaded, rows_quarantined, rows_excluded FROM ingest_runs FINAL WHERE run_id IN {ids:Array(String)}", query_params: params, format: "JSONEachRow" }).then((r) => r.json<Lineage>()),
    rt.ch.query({ query: "SELECT run_id, currency, toString(billed_cost) AS billed_cost, toString(effective_cost) AS effective_cost FROM ingest_run_totals FINAL WHERE run_id IN {ids:Array(String)} ORDER BY currency", query_params: params, format: "JSONEachRow" }).then((r) => r.json<Totals>()),
    runFiles(rt, runIds),
  ]);
  const byRun = new Map<string, Totals[]>();
  for (const t of totals) byRun.set(t.run_id, [...(byRun.get(t.run_id) ?? []), t]);
  return { runs: new Map(runs.map((r) => [r.run_id, r])), totals: byRun, files };
}


function memoOf(info: Pick<WorkflowExecutionInfo, "memo">): { sourceId?: string; month?: string; plugin?: string; pluginVersion?: string } {
  return (info.memo ?? {}) as { sourceId?: string; month?: string; plugin?: string; pluginVersion?: string };
}

/** What the run loaded (recorded by extract), else what it was started with (memo). */
function pluginOf(recorded: RunPlugin | undefined, memo: ReturnType<typeof memoOf>): RunRow["plugin"] {
  if (recorded) return { id: recorded.pluginId, version: recorded.pluginVersion };
  return memo.plugin && memo.pluginVersion ? { id: memo.plugin, version: memo.pluginVersion } : null;
}

type RunInfo = Pick<WorkflowExecutionInfo, "workflowId" | "runId" | "type" | "status" | "startTime" | "closeTime" | "memo">;

async function buildRunRows(rt: Runtime, client: Client, infos: RunInfo[]): Promise<RunRow[]> {
  const sourceIds = [...new Set(infos.map((i) => memoOf(i).sourceId).filter((s): s is string => Boolean(s)))];
  const names = sourceIds.length
    ? new Map((await rt.db.select({ id: dataSources.id, name: dataSources.name }).from(dataSources).where(inArray(dataSources.id, sourceIds))).map((s) => [s.id, s.name]))
    : new Map<string, string>();
  const [lineage, plugins] = await Promise.all([lineageFor(rt, infos.map((i) => i.runId)), runPlugins(rt.ch, infos.map((i) => i.runId))]);

  return Promise.all(
    infos.map(async (info): Promise<RunRow> => {
      const memo = memoOf(info);
      const status = STATUS[info.status.name] ?? "failed";
      const l = lineage.runs.get(info.runId);
      return {
        workflowId: info.workflowId,
        runId: info.runId,
        type: info.type,
        sourceId: memo.sourceId ?? "",
        sourceName: names.get(memo.sourceId ?? "") ?? "(deleted source)",
        month: memo.month ?? null,
        status,
        startedAt: info.startTime.toISOString(),
        closedAt: info.closeTime?.toISOString() ?? null,
        seconds: info.closeTime ? (info.closeTime.getTime() - info.startTime.getTime()) / 1000 : null,
        rows: l ? { in: Number(l.rows_in), loaded: Number(l.rows_loaded), quarantined: Number(l.rows_quarantined), excluded: Number(l.rows_excluded) } : null,
        totals: (lineage.totals.get(info.runId) ?? []).map((t) => ({ currency: t.currency, billedCost: t.billed_cost, effectiveCost: t.effective_cost })),
        files: lineage.files.get(info.runId) ?? [],
        progress: status === "running" ? await liveProgress(client, info.workflowId, info.runId).catch(() => null) : null,
        error: status === "failed" || status === "timed_out" ? await failureMessage(client, info.workflowId, info.runId) : null,
        plugin: pluginOf(plugins.get(info.runId), memo),
      };
    }),
  );
}

/**
 * Every run, newest first: Temporal's (schedule, backfill, "run now", uploads) merged with the runs
 * made outside Temporal (`abi ingest`, `abi seed`, direct-runs.ts). The one list the console,
 * `abi runs` and the sources page read.
 */
export async function listRuns(rt: Runtime, opts: { limit?: number; sourceId?: string } = {}): Promise<RunRow[]> {
  const limit = opts.limit ?? 100;
  const [temporal, direct] = await Promise.all([listTemporalRuns(rt, { limit, sourceId: opts.sourceId }), listDirectRuns(rt, { limit, sourceId: opts.sourceId })]);
  return [...temporal, ...direct].sort((a, b) => b.startedAt.localeCompare(a.startedAt) || a.runId.localeCompare(b.runId)).slice(0, limit);
}

async function listTemporalRuns(rt: Runtime, opts: { limit: number; sourceId?: string }): Promise<RunRow[]> {
  const client = await temporalClient(rt.env);
  const types = RUN_WORKFLOW_TYPES.map((t) => `WorkflowType = '${t}'`).join(" OR ");
  const infos: WorkflowExecutionInfo[] = [];
  for await (const info of client.workflow.list({ query: `(${types})`, pageSize: 100 })) {
    if (!opts.sourceId || memoOf(info).sourceId === opts.sourceId) infos.push(info);
    if (infos.length >= opts.limit) break;
  }
  return buildRunRows(rt, client, infos);
}

export async function listRunRow(rt: Runtime, workflowId: string, runId: string): Promise<RunRow> {
  const client = await temporalClient(rt.env);
  const info = await client.workflow.getHandle(workflowId, runId).describe();
  const [row] = await buildRunRows(rt, client, [info]);
  return row!;
}
