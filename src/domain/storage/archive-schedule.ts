import { ScheduleOverlapPolicy } from "@temporalio/client";
import type { Runtime } from "../runtime";
import { temporalClient } from "../runtime/temporal";
import { workflows } from "../workflows/contract";
import { createScheduleOnce, scheduledStart } from "../workflows/client";

export const RAW_ARCHIVE_CLEANUP_SCHEDULE = "raw-archive-cleanup";

/** The daily Temporal schedule that deletes raw archives past their source's retention (created once, at app start). */
export async function ensureRawArchiveCleanupSchedule(rt: Pick<Runtime, "env">): Promise<void> {
  const client = await temporalClient(rt.env);
  await createScheduleOnce(client, {
    scheduleId: RAW_ARCHIVE_CLEANUP_SCHEDULE,
    spec: { calendars: [{ hour: 4, minute: 30, comment: "daily raw archive retention" }] },
    action: scheduledStart(workflows.rawArchiveCleanup, { taskQueue: rt.env.TEMPORAL_TASK_QUEUE, args: [] }),
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: "1 day" },
  });
}
