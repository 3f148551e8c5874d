/**
 * Every Temporal Schedule in ABI's namespace (the data sources' daily ingests and whatever other
 * schedules the platform creates) for the workflows page: next run, paused state, recent runs,
 * and the admin's pause / resume / trigger.
 */
import { ScheduleNotFoundError, type Client, type ScheduleDescription } from "@temporalio/client";
import { inArray } from "drizzle-orm";
import type { Db } from "../runtime/postgres";
import { dataSources } from "../db/schema";

export type ScheduleRow = {
  scheduleId: string;
  workflowType: string;
  /** The spec in words, e.g. "daily at 03:00 UTC". */
  when: string;
  paused: boolean;
  note: string | null;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastWorkflowId: string | null;
  lastRunId: string | null;
  actionsTaken: number;
  /** The data source the schedule ingests (memo), when it is a source's schedule. */
  sourceId: string | null;
  sourceName: string | null;
};

export class NoSuchScheduleError extends Error {
  override name = "NoSuchScheduleError";
}

const two = (n: number | undefined) => String(n ?? 0).padStart(2, "0");

function describeSpec(spec: ScheduleDescription["spec"]): string {
  const parts: string[] = [];
  for (const c of spec.calendars ?? []) {
    const hour = c.hour?.[0]?.start;
    const minute = c.minute?.[0]?.start;
    parts.push(c.comment && hour === undefined ? c.comment : `daily at ${two(hour)}:${two(minute)} UTC`);
  }
  for (const i of spec.intervals ?? []) parts.push(`every ${typeof i.every === "number" ? `${Math.round(i.every / 1000)} s` : i.every}`);
  return parts.join("; ") || "no recurring time";
}

function rowOf(d: ScheduleDescription): ScheduleRow {
  const last = d.info.recentActions.at(-1);
  return {
    scheduleId: d.scheduleId,
    workflowType: d.action.workflowType,
    when: describeSpec(d.spec),
    paused: d.state.paused,
    note: d.state.note || null,
    nextRunAt: d.state.paused ? null : (d.info.nextActionTimes[0]?.toISOString() ?? null),
    lastRunAt: last?.takenAt.toISOString() ?? null,
    lastWorkflowId: last?.action.workflow.workflowId ?? null,
    lastRunId: last?.action.workflow.firstExecutionRunId ?? null,
    actionsTaken: d.info.numActionsTaken,
    // A source's daily schedule carries the source in the memo of the workflow it starts.
    sourceId: typeof d.action.memo?.sourceId === "string" ? d.action.memo.sourceId : null,
    sourceName: null,
  };
}

/** Every schedule, described (the list itself may lag a change by a moment; describe does not). */
export async function listSchedules(client: Client): Promise<ScheduleRow[]> {
  const ids: string[] = [];
  for await (const s of client.schedule.list({ pageSize: 100 })) ids.push(s.scheduleId);
  const rows = await Promise.all(
    ids.map((id) =>
      client.schedule.getHandle(id).describe().then(rowOf, (err: unknown) => {
        if (err instanceof ScheduleNotFoundError) return null; // deleted since it was listed
        throw err;
      }),
    ),
  );
  return rows.filter((r): r is ScheduleRow => r !== null).sort((a, b) => a.scheduleId.localeCompare(b.scheduleId));
}

/** Names the data source of each source schedule (a deleted source keeps its id only). */
export async function withSourceNames(db: Db, rows: ScheduleRow[]): Promise<ScheduleRow[]> {
  const ids = [...new Set(rows.map((r) => r.sourceId).filter((id): id is string => Boolean(id)))];
  if (ids.length === 0) return rows;
  const names = new Map((await db.select({ id: dataSources.id, name: dataSources.name }).from(dataSources).where(inArray(dataSources.id, ids))).map((s) => [s.id, s.name]));
  return rows.map((r) => ({ ...r, sourceName: r.sourceId ? (names.get(r.sourceId) ?? "(deleted source)") : null }));
}

async function withSchedule<T>(client: Client, scheduleId: string, act: (h: ReturnType<Client["schedule"]["getHandle"]>) => Promise<T>): Promise<T> {
  try {
    return await act(client.schedule.getHandle(scheduleId));
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) throw new NoSuchScheduleError(`There is no schedule ${scheduleId}`);
    throw err;
  }
}

export async function describeSchedule(client: Client, scheduleId: string): Promise<ScheduleRow> {
  return withSchedule(client, scheduleId, async (h) => rowOf(await h.describe()));
}

export async function pauseSchedule(client: Client, scheduleId: string, note: string): Promise<ScheduleRow> {
  return withSchedule(client, scheduleId, async (h) => {
    await h.pause(note);
    return rowOf(await h.describe());
  });
}

export async function resumeSchedule(client: Client, scheduleId: string, note: string): Promise<ScheduleRow> {
  return withSchedule(client, scheduleId, async (h) => {
    await h.unpause(note);
    return rowOf(await h.describe());
  });
}

/** Starts the schedule's workflow now (its overlap policy still applies), paused or not. */
export async function triggerSchedule(client: Client, scheduleId: string): Promise<void> {
  await withSchedule(client, scheduleId, (h) => h.trigger());
}
