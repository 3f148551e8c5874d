/**
 * Recent executions of every workflow type (the infrastructure console's workflows page), from
 * Temporal's visibility store (ListWorkflowExecutions) with attempts and failure from each run's
 * history. Filters come from whitelists only: visibility queries are a language of their own.
 */
import type { Client, WorkflowExecutionInfo, WorkflowHandle } from "@temporalio/client";
import { WORKFLOW_NAMES, type WorkflowName } from "./contract";

export const EXECUTION_STATUSES = ["running", "completed", "failed", "cancelled", "terminated", "timed_out", "continued_as_new"] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** Our status → the ExecutionStatus value Temporal's list filter takes. */
const VISIBILITY_STATUS: Record<ExecutionStatus, string> = {
  running: "Running", completed: "Completed", failed: "Failed", cancelled: "Canceled",
  terminated: "Terminated", timed_out: "TimedOut", continued_as_new: "ContinuedAsNew",
};

const STATUS_OF: Record<string, ExecutionStatus> = {
  RUNNING: "running", COMPLETED: "completed", FAILED: "failed", CANCELLED: "cancelled",
  TERMINATED: "terminated", TIMED_OUT: "timed_out", CONTINUED_AS_NEW: "continued_as_new",
};

export type ExecutionRow = {
  workflowId: string;
  runId: string;
  type: string;
  status: ExecutionStatus;
  startedAt: string;
  closedAt: string | null;
  /** Wall time from start to close (to now while running). */
  seconds: number;
  /** The most attempts any one activity of the run took (1 = nothing was retried). */
  attempts: number;
  /** Why it failed (the root cause's message), or the last failed attempt of a running activity. */
  failure: string | null;
};

export type ExecutionFilter = { type?: WorkflowName; status?: ExecutionStatus; limit?: number };

/** The visibility query for a filter; both parts come from fixed lists, never from the caller's text. */
export function executionsQuery(filter: ExecutionFilter): string | undefined {
  const parts: string[] = [];
  if (filter.type) {
    if (!WORKFLOW_NAMES.includes(filter.type)) throw new Error(`unknown workflow type ${filter.type}`);
    parts.push(`WorkflowType = '${filter.type}'`);
  }
  if (filter.status) parts.push(`ExecutionStatus = '${VISIBILITY_STATUS[filter.status]}'`);
  return parts.length ? parts.join(" AND ") : undefined;
}

type History = Awaited<ReturnType<WorkflowHandle["fetchHistory"]>>;
type HistoryEvent = NonNullable<History["events"]>[number];
type Failure = NonNullable<HistoryEvent["workflowExecutionFailedEventAttributes"]>["failure"];

/** The innermost cause's message: "activity failed" wraps what actually went wrong. */
function rootMessage(f: Failure): string | null {
  if (!f) return null;
  let cur = f;
  while (cur.cause) cur = cur.cause;
  return cur.message || f.message || null;
}

/** Attempts and failure of a closed run, read from its history. */
export function closedRunFacts(history: History): { attempts: number; failure: string | null } {
  let attempts = 1;
  let failure: string | null = null;
  for (const e of history.events ?? []) {
    const a = e.activityTaskStartedEventAttributes?.attempt;
    if (a && a > attempts) attempts = a;
    if (e.workflowExecutionFailedEventAttributes) failure = rootMessage(e.workflowExecutionFailedEventAttributes.failure);
    if (e.workflowExecutionTimedOutEventAttributes) failure = "the workflow timed out";
    if (e.workflowExecutionTerminatedEventAttributes) failure = `terminated${e.workflowExecutionTerminatedEventAttributes.reason ? `: ${e.workflowExecutionTerminatedEventAttributes.reason}` : ""}`;
  }
  return { attempts, failure };
}

// A closed run never changes: read each one's history once per process (bounded).
const closedFacts = new Map<string, { attempts: number; failure: string | null }>();

async function factsOf(client: Client, info: WorkflowExecutionInfo, status: ExecutionStatus) {
  const handle = client.workflow.getHandle(info.workflowId, info.runId);
  if (status === "running") {
    const d = await handle.describe();
    const pending = d.raw.pendingActivities ?? [];
    return {
      attempts: Math.max(1, ...pending.map((p) => p.attempt ?? 1)),
      failure: pending.map((p) => rootMessage(p.lastFailure)).find(Boolean) ?? null,
    };
  }
  const cached = closedFacts.get(info.runId);
  if (cached) return cached;
  const facts = closedRunFacts(await handle.fetchHistory());
  if (closedFacts.size >= 2000) closedFacts.delete(closedFacts.keys().next().value!);
  closedFacts.set(info.runId, facts);
  return facts;
}

/** The newest executions first, at most `limit` (default 50). */
export async function listExecutions(client: Client, filter: ExecutionFilter = {}): Promise<ExecutionRow[]> {
  const limit = filter.limit ?? 50;
  const infos: WorkflowExecutionInfo[] = [];
  for await (const info of client.workflow.list({ query: executionsQuery(filter), pageSize: Math.min(limit, 100) })) {
    infos.push(info);
    if (infos.length >= limit) break;
  }
  const now = Date.now();
  return Promise.all(
    infos.map(async (info): Promise<ExecutionRow> => {
      const status = STATUS_OF[info.status.name] ?? "failed";
      const facts = await factsOf(client, info, status).catch(() => ({ attempts: 1, failure: null }));
      const end = info.closeTime?.getTime() ?? now;
      return {
        workflowId: info.workflowId,
        runId: info.runId,
        type: info.type,
        status,
        startedAt: info.startTime.toISOString(),
        closedAt: info.closeTime?.toISOString() ?? null,
        seconds: Math.max(0, (end - info.startTime.getTime()) / 1000),
        ...facts,
      };
    }),
  );
}
