import type { Connection } from "@temporalio/client";
import type { ProbeResult } from "./types";

export type TemporalQueueState = {
  /** Workers polling the workflow task queue now. */
  workers: number;
  runningWorkflows: number;
  schedules: number;
  /** Tasks waiting in the workflow + activity queues, and the age of the oldest (seconds). */
  backlogTasks: number;
  backlogAgeSeconds: number;
};

const WORKFLOW_QUEUE = 1;
const ACTIVITY_QUEUE = 2;

/** One reading of the namespace and task queue, shared by the service card and /api/metrics. */
export async function temporalQueueState(connection: Connection, target: { namespace: string; taskQueue: string }): Promise<TemporalQueueState> {
  const svc = connection.workflowService;
  const describe = (taskQueueType: number) =>
    svc.describeTaskQueue({ namespace: target.namespace, taskQueue: { name: target.taskQueue }, taskQueueType, reportStats: true });
  const [wf, act, running, schedules] = await Promise.all([
    describe(WORKFLOW_QUEUE),
    describe(ACTIVITY_QUEUE),
    svc.countWorkflowExecutions({ namespace: target.namespace, query: 'ExecutionStatus="Running"' }),
    countSchedules(connection, target.namespace),
  ]);
  const backlog = [wf.stats, act.stats];
  return {
    workers: wf.pollers?.length ?? 0,
    runningWorkflows: Number(running.count ?? 0),
    schedules,
    backlogTasks: backlog.reduce((n, s) => n + Number(s?.approximateBacklogCount ?? 0), 0),
    backlogAgeSeconds: Math.max(0, ...backlog.map((s) => Number(s?.approximateBacklogAge?.seconds ?? 0))),
  };
}

async function countSchedules(connection: Connection, namespace: string): Promise<number> {
  let count = 0;
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await connection.workflowService.listSchedules({ namespace, maximumPageSize: 500, nextPageToken });
    count += page.schedules?.length ?? 0;
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return count;
}

export async function temporalProbe(connection: Connection, target: { namespace: string; taskQueue: string }): Promise<ProbeResult> {
  const [info, state] = await Promise.all([connection.workflowService.getSystemInfo({}), temporalQueueState(connection, target)]);
  return {
    version: info.serverVersion || "unknown",
    details: {
      namespace: target.namespace,
      "task queue": target.taskQueue,
      "workers polling": state.workers,
      "running workflows": state.runningWorkflows,
      schedules: state.schedules,
    },
  };
}
