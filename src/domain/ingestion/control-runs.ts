import type { Runtime } from "../runtime";
import { defaultPayloadConverter } from "@temporalio/client";
import { temporalClient } from "../runtime/temporal";
import { startMonthRun, RunConflictError } from "./start-runs";
import { listRunRow } from "./list-runs";
import { contractOf, startWorkflow } from "../workflows/client";
import { workflows } from "../workflows/contract";

export async function cancelRun(rt: Runtime, workflowId: string, runId: string): Promise<void> {
  const client = await temporalClient(rt.env);
  const row = await listRunRow(rt, workflowId, runId);
  if (row.status !== "running") throw new RunConflictError(`run is ${row.status}, not running`);
  await client.workflow.getHandle(workflowId, runId).cancel();
}

/** Starts a finished month run again (uploads keep their files, so they can be retried too). */
export async function retryRun(rt: Runtime, workflowId: string, runId: string) {
  const row = await listRunRow(rt, workflowId, runId);
  if (row.status === "running") throw new RunConflictError("run is still in progress");
  if (row.type === workflows.ingestSourceMonth.name && row.month) return startMonthRun(rt, { sourceId: row.sourceId, month: row.month });
  const client = await temporalClient(rt.env);
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  const args = (started?.input?.payloads ?? []).map((p) => defaultPayloadConverter.fromPayload(p));
  const handle = await startWorkflow(client, contractOf(row.type), {
    taskQueue: rt.env.TEMPORAL_TASK_QUEUE,
    workflowId: `${workflowId.replace(/-retry-\d+$/, "")}-retry-${Date.now()}`,
    args,
    memo: { sourceId: row.sourceId },
  });
  return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
}
