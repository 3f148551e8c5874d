import type { Runtime } from "../runtime";
import { temporalClient } from "../runtime/temporal";
import { listRunRow, listRuns, type RunRow } from "./list-runs";
import type { WorkProgress } from "../workflows/progress";
import { workflowHandle } from "../workflows/client";
import { workflows, type BackfillResult } from "../workflows/contract";
import { monthsBetweenInclusive } from "./months";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls a run until it is no longer running, reporting its live progress. */
export async function waitForRun(
  rt: Runtime,
  run: { workflowId: string; runId: string },
  onProgress: (p: WorkProgress) => void = () => undefined,
  opts: { pollMs?: number } = {},
): Promise<RunRow> {
  for (;;) {
    const row = await listRunRow(rt, run.workflowId, run.runId);
    if (row.status !== "running") return row;
    if (row.progress) onProgress(row.progress);
    await sleep(opts.pollMs ?? 1_000);
  }
}

export type BackfillOutcome = BackfillResult & { status: string; error?: string };

/** Waits for a backfill; progress counts the months whose run has finished. */
export async function waitForBackfill(
  rt: Runtime,
  run: { workflowId: string; runId: string; sourceId: string; from: string; to: string },
  onProgress: (p: WorkProgress) => void = () => undefined,
  opts: { pollMs?: number } = {},
): Promise<BackfillOutcome> {
  const client = await temporalClient(rt.env);
  const handle = workflowHandle(client, workflows.backfillSource, run.workflowId, run.runId);
  const months = new Set(monthsBetweenInclusive(run.from, run.to));
  const started = (await handle.describe()).startTime.toISOString();
  for (;;) {
    const d = await handle.describe();
    if (d.status.name !== "RUNNING") {
      try {
        const result = await handle.result();
        return { status: "completed", months: result.months };
      } catch (err) {
        let e: unknown = err;
        while (e instanceof Error && e.cause instanceof Error) e = e.cause;
        return { status: d.status.name.toLowerCase(), months: [], error: e instanceof Error ? e.message : String(e) };
      }
    }
    const children = (await listRuns(rt, { sourceId: run.sourceId, limit: 100 })).filter((r) => r.month && months.has(r.month) && r.startedAt >= started);
    const running = children.find((r) => r.status === "running");
    onProgress({ step: running?.progress?.step ? `${running.month} ${running.progress.step}` : "months", done: children.filter((r) => r.status !== "running").length, total: months.size, unit: "months" });
    await sleep(opts.pollMs ?? 1_000);
  }
}
