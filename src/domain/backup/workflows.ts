/**
 * Backups on Temporal: "Back up now" (one workflow per backup) and the daily schedule (backup,
 * then retention). Both workflows are declared in the workflow contract
 * (src/domain/workflows/contract.ts) and started through its client.
 */
import { ScheduleNotFoundError, ScheduleOverlapPolicy, defaultPayloadConverter } from "@temporalio/client";
import type { Runtime } from "../runtime";
import { temporalClient } from "../runtime/temporal";
import type { Progress } from "../commands/types";
import type { BackupSettings } from "./settings";
import { workflows } from "../workflows/contract";
import { scheduledStart, startWorkflow } from "../workflows/client";
import { fetchFailureMessage } from "../ingestion/list-runs";

export type { BackupNowInput, ScheduledBackupResult } from "../workflows/contract";
export const BACKUP_SCHEDULE_ID = "abi-daily-backup";

export type BackupRunRow = { workflowId: string; status: "running" | "completed" | "failed"; startedAt: string; progress: Progress | null; error: string | null };

export async function startBackupNow(rt: Pick<Runtime, "env">, id: string): Promise<{ workflowId: string }> {
  const client = await temporalClient(rt.env);
  const workflowId = `backup-${id}`;
  await startWorkflow(client, workflows.backupNow, { taskQueue: rt.env.TEMPORAL_TASK_QUEUE, workflowId, args: [{ id }], workflowExecutionTimeout: "6 hours" });
  return { workflowId };
}

/** Backup workflows started in the last day, newest first, with the running ones' progress. */
export async function recentBackupRuns(rt: Pick<Runtime, "env">, limit = 20): Promise<BackupRunRow[]> {
  const client = await temporalClient(rt.env);
  const since = new Date(Date.now() - 86_400_000).toISOString();
  const out: BackupRunRow[] = [];
  for await (const info of client.workflow.list({ query: `WorkflowType IN ('${workflows.backupNow.name}', '${workflows.scheduledBackup.name}') AND StartTime > '${since}'` })) {
    const running = info.status.name === "RUNNING";
    let progress: Progress | null = null;
    let error: string | null = null;
    if (running) {
      const d = await client.workflow.getHandle(info.workflowId, info.runId).describe();
      const payload = d.raw.pendingActivities?.[0]?.heartbeatDetails?.payloads?.[0];
      progress = payload ? (defaultPayloadConverter.fromPayload(payload) as Progress) : null;
    } else if (info.status.name !== "COMPLETED") {
      error = await fetchFailureMessage(client, info.workflowId, info.runId);
    }
    out.push({ workflowId: info.workflowId, status: running ? "running" : info.status.name === "COMPLETED" ? "completed" : "failed", startedAt: info.startTime.toISOString(), progress, error });
    if (out.length >= limit) break;
  }
  return out.sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1));
}

/** One Temporal Schedule: daily at the configured UTC hour, or none. */
export async function syncBackupSchedule(rt: Pick<Runtime, "env">, s: BackupSettings): Promise<void> {
  const client = await temporalClient(rt.env);
  const handle = client.schedule.getHandle(BACKUP_SCHEDULE_ID);
  if (!s.scheduleEnabled) {
    await handle.delete().catch((err) => {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    });
    return;
  }
  const spec = { calendars: [{ hour: s.hourUtc, minute: 0, comment: "daily backup" }] };
  const action = scheduledStart(workflows.scheduledBackup, { taskQueue: rt.env.TEMPORAL_TASK_QUEUE, args: [] });
  try {
    await handle.update((prev) => ({ ...prev, spec, action }));
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
    await client.schedule.create({ scheduleId: BACKUP_SCHEDULE_ID, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: "1 hour" } });
  }
}

export async function nextScheduledBackup(rt: Pick<Runtime, "env">): Promise<string | null> {
  const client = await temporalClient(rt.env);
  try {
    const d = await client.schedule.getHandle(BACKUP_SCHEDULE_ID).describe();
    return d.info.nextActionTimes[0]?.toISOString() ?? null;
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return null;
    throw err;
  }
}

