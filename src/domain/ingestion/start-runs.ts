import { WorkflowExecutionAlreadyStartedError } from "@temporalio/client";
import { z } from "zod";
import type { Runtime } from "../runtime";
import { temporalClient } from "../runtime/temporal";
import { findSource, SourceNotFoundError } from "../sources/registry";
import { findSourcePlugin } from "../plugins/registry";
import { recordRunPlugin } from "./run-plugin";
import { requireRunnableInstallation } from "../plugins/lifecycle";
import { MAX_BACKFILL_MONTHS, monthsAgo, monthsBetweenInclusive } from "./months";
import { backfillWorkflowId, monthWorkflowId, uploadWorkflowId } from "./workflow-ids";
import type { ExtractedFile } from "./extract";
import { startWorkflow } from "../workflows/client";
import { workflows } from "../workflows/contract";

export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be YYYY-MM");

export class RunConflictError extends Error {
  override name = "RunConflictError";
}
/** A month or range that cannot be run (future, outside what the source serves, too long). */
export class RunInputError extends Error {
  override name = "RunInputError";
}

/** The source, refused when its plugin is disabled; `pluginMemo` is the plugin id and version the run is started with. */
async function requireSource(rt: Runtime, sourceId: string) {
  const source = await findSource(rt.db, sourceId);
  if (!source) throw new SourceNotFoundError(`data source ${sourceId} does not exist`);
  const installation = await requireRunnableInstallation(rt.db, source.plugin, source.name);
  return { ...source, pluginMemo: { plugin: source.plugin, pluginVersion: installation.activeVersion } };
}

/** The source a month is pulled from: sources whose plugin does not pull months take uploads instead. */
async function pullableSource(rt: Runtime, sourceId: string) {
  const source = await requireSource(rt, sourceId);
  const plugin = findSourcePlugin(source.plugin);
  // An unknown plugin is left to the run, which fails with SourceConfigError naming it.
  if (plugin && !plugin.pullsMonths) throw new RunConflictError(`${source.name} is a file-upload source: it has no month to pull; upload its files instead`);
  return source;
}

/** No source bills a future month; a plugin that knows its window (listAvailableMonths) refuses months outside it. */
function assertPullableMonth(plugin: string, month: string, now = new Date()): void {
  if (month > monthsAgo(0, now)) throw new RunInputError(`${month} is in the future`);
  const available = findSourcePlugin(plugin)?.listAvailableMonths?.(now);
  if (available && !available.months.includes(month)) throw new RunInputError(available.why(month));
}

export async function startMonthRun(rt: Runtime, input: { sourceId: string; month: string }) {
  monthSchema.parse(input.month);
  const source = await pullableSource(rt, input.sourceId);
  assertPullableMonth(source.plugin, input.month);
  const client = await temporalClient(rt.env);
  try {
    const handle = await startWorkflow(client, workflows.ingestSourceMonth, {
      taskQueue: rt.env.TEMPORAL_TASK_QUEUE,
      workflowId: monthWorkflowId(input.sourceId, input.month),
      // The worker runs exactly the plugin version the run was started with.
      args: [{ ...input, pluginVersion: source.pluginMemo.pluginVersion }],
      memo: { sourceId: input.sourceId, month: input.month, ...source.pluginMemo },
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
  if (input.from > input.to) throw new RunInputError(`the first month (${input.from}) must not be after the last (${input.to})`);
  const months = monthsBetweenInclusive(input.from, input.to).length;
  if (months > MAX_BACKFILL_MONTHS) throw new RunInputError(`a backfill covers at most ${MAX_BACKFILL_MONTHS} months, not ${months}`);
  const source = await pullableSource(rt, input.sourceId);
  assertPullableMonth(source.plugin, input.from);
  assertPullableMonth(source.plugin, input.to);
  const client = await temporalClient(rt.env);
  const handle = await startWorkflow(client, workflows.backfillSource, {
    taskQueue: rt.env.TEMPORAL_TASK_QUEUE,
    workflowId: backfillWorkflowId(input.sourceId, input.from, input.to, Date.now()),
    args: [{ ...input, pluginVersion: source.pluginMemo.pluginVersion }],
    memo: { sourceId: input.sourceId, ...source.pluginMemo },
  });
  // An upload run loads no plugin code in the worker, so its plugin is recorded here, as started.
  await recordRunPlugin(rt.ch, { runId: handle.firstExecutionRunId, pluginId: source.pluginMemo.plugin, pluginVersion: source.pluginMemo.pluginVersion });
  return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
}

export async function startUpload(rt: Runtime, input: { sourceId: string; uploadId: string; files: ExtractedFile[] }) {
  const source = await requireSource(rt, input.sourceId);
  const client = await temporalClient(rt.env);
  const handle = await startWorkflow(client, workflows.ingestUpload, {
    taskQueue: rt.env.TEMPORAL_TASK_QUEUE,
    workflowId: uploadWorkflowId(input.uploadId),
    args: [{ sourceId: input.sourceId, files: input.files }],
    memo: { sourceId: input.sourceId, ...source.pluginMemo },
  });
  // An upload run loads no plugin code in the worker, so its plugin is recorded here, as started.
  await recordRunPlugin(rt.ch, { runId: handle.firstExecutionRunId, pluginId: source.pluginMemo.plugin, pluginVersion: source.pluginMemo.pluginVersion });
  return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
}
