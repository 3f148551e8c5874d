/**
 * One Temporal Schedule per scheduled report (a calendar spec at the report's time in its IANA
 * time zone) and one hourly schedule for the weekly digest. Started only through ../workflows/client.
 */
import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type DayOfWeek, type ScheduleSpec } from "@temporalio/client";
import type { Runtime } from "../runtime";
import { scheduledReports } from "../db/schema/reports";
import { temporalClient } from "../runtime/temporal";
import { workflows } from "../workflows/contract";
import { createScheduleOnce, scheduledStart, startWorkflow } from "../workflows/client";
import type { ReportRow } from "./render";

export const DIGEST_SCHEDULE_ID = "abi-weekly-digest-hourly";
export const reportScheduleId = (reportId: string) => `abi-report-${reportId}`;

const DAYS: DayOfWeek[] = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"];

/** The calendar of a report: daily / weekly on a day / monthly on a day, at HH:MM in its time zone. */
export function reportSpec(r: Pick<ReportRow, "frequency" | "timeOfDay" | "timeZone" | "dayOfWeek" | "dayOfMonth">): ScheduleSpec {
  const [hour, minute] = r.timeOfDay.split(":").map(Number) as [number, number];
  const at = { hour, minute };
  const comment = `${r.frequency} at ${r.timeOfDay} ${r.timeZone}`;
  const calendar =
    r.frequency === "daily" ? { ...at, comment } : r.frequency === "weekly" ? { ...at, dayOfWeek: DAYS[r.dayOfWeek]!, comment } : { ...at, dayOfMonth: r.dayOfMonth, comment };
  return { calendars: [calendar], timezone: r.timeZone };
}

/** Creates or replaces the report's schedule (paused when the report is disabled). */
export async function saveReportSchedule(rt: Runtime, report: ReportRow): Promise<void> {
  const client = await temporalClient(rt.env);
  const id = reportScheduleId(report.id);
  const action = scheduledStart(workflows.deliverReport, { taskQueue: rt.env.TEMPORAL_TASK_QUEUE, args: [{ reportId: report.id, trigger: "schedule" }], memo: { reportId: report.id } });
  const spec = reportSpec(report);
  try {
    await client.schedule.create({ scheduleId: id, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: "1 hour" }, state: { paused: !report.enabled } });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(id).update((prev) => ({ ...prev, spec, action, state: { ...prev.state, paused: !report.enabled } }));
  }
}

export async function deleteReportSchedule(rt: Runtime, reportId: string): Promise<void> {
  const client = await temporalClient(rt.env);
  try {
    await client.schedule.getHandle(reportScheduleId(reportId)).delete();
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
}

/** "Send now": the same workflow as the schedule's, started at once; returns its workflow id. */
export async function sendReportNow(rt: Runtime, reportId: string): Promise<{ workflowId: string }> {
  const client = await temporalClient(rt.env);
  const now = new Date();
  const workflowId = `report-${reportId}-now-${now.getTime()}`;
  await startWorkflow(client, workflows.deliverReport, { taskQueue: rt.env.TEMPORAL_TASK_QUEUE, workflowId, args: [{ reportId, trigger: "send_now", runAt: now.toISOString() }] });
  return { workflowId };
}

/** The hourly digest run (each user's Monday morning falls on some hour in their zone). */
export async function ensureDigestSchedule(rt: Runtime): Promise<void> {
  const client = await temporalClient(rt.env);
  await createScheduleOnce(client, {
    scheduleId: DIGEST_SCHEDULE_ID,
    spec: { calendars: [{ minute: 5, hour: "*", comment: "hourly at :05" }] },
    action: scheduledStart(workflows.weeklyDigest, { taskQueue: rt.env.TEMPORAL_TASK_QUEUE, args: [] }),
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: "1 hour" },
  });
}

/** At worker start: every report has its schedule (a restored backup or a failed save leaves none). */
export async function ensureReportSchedules(rt: Runtime): Promise<void> {
  for (const report of await rt.db.select().from(scheduledReports)) await saveReportSchedule(rt, report);
}
