import { ScheduleOverlapPolicy } from "@temporalio/client";
import type { Runtime } from "../runtime";
import { temporalClient } from "../runtime/temporal";
import { workflows } from "../workflows/contract";
import { createScheduleOnce, scheduledStart } from "../workflows/client";

export const ALERT_SCHEDULE_ID = "abi-alerts-every-15-minutes";

/** The Temporal Schedule that evaluates every alert rule every 15 minutes (created once; a worker start keeps it). */
export async function ensureAlertSchedule(rt: Runtime): Promise<void> {
  const client = await temporalClient(rt.env);
  await createScheduleOnce(client, {
    scheduleId: ALERT_SCHEDULE_ID,
    spec: { intervals: [{ every: "15 minutes" }] },
    action: scheduledStart(workflows.evaluateAlerts, { taskQueue: rt.env.TEMPORAL_TASK_QUEUE, args: [{ kind: "schedule" }] }),
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: "15 minutes" },
  });
}
