import { ScheduleNotFoundError, ScheduleOverlapPolicy } from "@temporalio/client";
import type { Runtime } from "../runtime";
import { temporalClient } from "../runtime/temporal";
import { scheduleId } from "./workflow-ids";
import { pullsMonths } from "../plugins/registry";
import { scheduledStart } from "../workflows/client";
import { workflows } from "../workflows/contract";

/** One Temporal Schedule per data source: daily at the configured UTC hour, or none. */
export async function syncSourceSchedule(rt: Runtime, source: { id: string; scheduleEnabled: boolean; scheduleHourUtc: number; plugin: string }): Promise<void> {
  const client = await temporalClient(rt.env);
  const handle = client.schedule.getHandle(scheduleId(source.id));
  const wanted = source.scheduleEnabled && pullsMonths(source.plugin);
  if (!wanted) {
    await handle.delete().catch((err) => {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    });
    return;
  }
  const spec = { calendars: [{ hour: source.scheduleHourUtc, minute: 0, comment: "daily ingest" }] };
  const action = scheduledStart(workflows.dailySourceIngest, { taskQueue: rt.env.TEMPORAL_TASK_QUEUE, args: [{ sourceId: source.id }], memo: { sourceId: source.id } });
  try {
    await handle.update((prev) => ({ ...prev, spec, action }));
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
    await client.schedule.create({ scheduleId: scheduleId(source.id), spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: "1 day" } });
  }
}

export async function describeSourceSchedule(rt: Runtime, sourceId: string): Promise<{ nextRuns: string[]; hourUtc?: number } | null> {
  const client = await temporalClient(rt.env);
  try {
    const d = await client.schedule.getHandle(scheduleId(sourceId)).describe();
    return { nextRuns: d.info.nextActionTimes.slice(0, 3).map((t) => t.toISOString()), hourUtc: Number(d.spec.calendars?.[0]?.hour?.[0]?.start ?? NaN) };
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return null;
    throw err;
  }
}
