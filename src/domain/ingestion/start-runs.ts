import { WorkflowExecutionAlreadyStartedError } from "@temporalio/client";
import { z } from "zod";
import type { Runtime } from "../runtime";
import { temporalClient } from "../runtime/temporal";
import { findSource } from "../sources/registry";
import { backfillWorkflowId, monthWorkflowId, uploadWorkflowId } from "./workflow-ids";
import type { ExtractedFile } from "./extract";

export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be YYYY-MM");
const MAX_MONTHS_BACK = 13;

export class RunConflictError extends Error {
  override name = "RunConflictError";
}

/** The Cost Details API serves 13 months back at most: older months cannot be pulled. */
export function assertPullableMonth(month: string, now = new Date()): void {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const back = (now.getUTCFullYear() - y) * 12 + (now.getUTCMonth() + 1 - m);
  if (back < 0) throw new Error(`${month} is in the future`);
  if (back > MAX_MONTHS_BACK) throw new Error(`${month} is more than ${MAX_MONTHS_BACK} months back; Azure no longer serves it`);
}

async function requireSource(rt: Runtime, sourceId: string) {
  const source = await findSource(rt.db, sourceId);
  if (!source) throw new Error(`data source ${sourceId} does not exist`);
  return source;
}

export async function startMonthRun(rt: Runtime, input: { sourceId: string; month: string }) {
  monthSchema.parse(input.month);
  const source = await requireSource(rt, input.sourceId);
  if (source.plugin === "azure-cost-details") assertPullableMonth(input.month);
  const client = await temporalClient(rt.env);
  try {
    const handle = await client.workflow.start("ingestSourceMonth", {
      taskQueue: rt.env.TEMPORAL_TASK_QUEUE,
      workflowId: monthWorkflowId(input.sourceId, input.month),
      args: [input],
      memo: { sourceId: input.sourceId, month: input.month },
    });
    return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) throw new RunConflictError(`a run of ${input.month} for this source is already in progress`);
    throw err;
  }
}

export async function startBackfill(rt: Runtime, input: { sourceId: string; from: string; to: string }) {
  monthSchema.parse(input.from);
  monthSchema.parse(input.to);
  if (input.from > input.to) throw new Error("--from must not be after --to");
  const source = await requireSource(rt, input.sourceId);
  if (source.plugin === "azure-cost-details") {
    assertPullableMonth(input.from);
    assertPullableMonth(input.to);
  }
  const client = await temporalClient(rt.env);
  const handle = await client.workflow.start("backfillSource", {
    taskQueue: rt.env.TEMPORAL_TASK_QUEUE,
    workflowId: backfillWorkflowId(input.sourceId, input.from, input.to, Date.now()),
    args: [input],
    memo: { sourceId: input.sourceId },
  });
  return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
}

export async function startUpload(rt: Runtime, input: { sourceId: string; uploadId: string; files: ExtractedFile[] }) {
  await requireSource(rt, input.sourceId);
  const client = await temporalClient(rt.env);
  const handle = await client.workflow.start("ingestUpload", {
    taskQueue: rt.env.TEMPORAL_TASK_QUEUE,
    workflowId: uploadWorkflowId(input.uploadId),
    args: [{ sourceId: input.sourceId, files: input.files }],
    memo: { sourceId: input.sourceId },
  });
  return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
}
