"use client";

import Link from "next/link";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type RouterOutputs } from "~/trpc/react";
import { workflows, WORKFLOW_NAMES, type WorkflowName } from "~/domain/workflows/contract";
import { temporalUiExecution, temporalUiSchedule } from "~/domain/workflows/temporal-ui";
import { StatusBadge } from "../../ingestion/status-badge";
import { formatDuration, formatWhen, runHref } from "../../ingestion/format";

const REFRESH_MS = 5_000;
const STATUSES = ["running", "completed", "failed", "cancelled", "terminated", "timed_out"] as const;
type Status = (typeof STATUSES)[number];
type Execution = RouterOutputs["workflows"]["executions"]["rows"][number];
type Schedule = RouterOutputs["workflows"]["schedules"]["rows"][number];

const isRun = (type: string) => type === workflows.ingestSourceMonth.name || type === workflows.ingestUpload.name;

function ExecutionLink({ e, ui }: { e: Execution; ui: string | null }) {
  return (
    <>
      {isRun(e.type) ? <Link href={runHref(e)}>{e.workflowId}</Link> : <span>{e.workflowId}</span>}
      {ui && (
        <div className="small-text">
          <a href={temporalUiExecution(ui, e.workflowId, e.runId)} target="_blank" rel="noreferrer">Temporal UI</a>
        </div>
      )}
    </>
  );
}

function Executions() {
  const trpc = useTRPC();
  const [type, setType] = useState<WorkflowName | "">("");
  const [status, setStatus] = useState<Status | "">("");
  const input = { limit: 100, ...(type ? { type } : {}), ...(status ? { status } : {}) };
  const list = useQuery({ ...trpc.workflows.executions.queryOptions(input), refetchInterval: REFRESH_MS });
  const ui = list.data?.temporalUi ?? null;
  return (
    <section aria-labelledby="executions-heading">
      <div className="row">
        <h2 id="executions-heading">Recent executions</h2>
        <span className="spacer" />
        <label>
          Workflow{" "}
          <select aria-label="Workflow type" value={type} onChange={(e) => setType(e.target.value as WorkflowName | "")}>
            <option value="">every workflow</option>
            {WORKFLOW_NAMES.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>{" "}
        <label>
          Status{" "}
          <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value as Status | "")}>
            <option value="">any status</option>
            {STATUSES.map((s) => <option key={s} value={s}>{s.replace("_", " ")}</option>)}
          </select>
        </label>
      </div>
      {list.error && <p className="error" role="alert">Could not list the executions: {list.error.message}</p>}
      <table aria-label="Workflow executions">
        <thead>
          <tr><th>Workflow</th><th>Execution</th><th>Status</th><th>Started</th><th className="num">Duration</th><th className="num">Attempts</th><th>Failure</th></tr>
        </thead>
        <tbody>
          {list.isPending && <tr><td colSpan={7}><div className="skeleton" /></td></tr>}
          {list.data?.rows.length === 0 && <tr><td colSpan={7} className="muted">No executions{type || status ? " match these filters" : " yet"}.</td></tr>}
          {list.data?.rows.map((e) => (
            <tr key={e.runId} data-testid="execution-row">
              <td title={workflows[e.type as WorkflowName]?.description}>{e.type}</td>
              <td className="small-text"><ExecutionLink e={e} ui={ui} /></td>
              <td><StatusBadge status={e.status} /></td>
              <td className="small-text">{formatWhen(e.startedAt)}</td>
              <td className="num">{formatDuration(e.seconds)}</td>
              <td className="num">{e.attempts}</td>
              <td className="small-text run-error" title={e.failure ?? undefined}>{e.failure?.split("\n")[0]!.slice(0, 160)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ScheduleActions({ s }: { s: Schedule }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() });
  const pause = useMutation(trpc.workflows.pauseSchedule.mutationOptions({ onSuccess: refresh }));
  const resume = useMutation(trpc.workflows.resumeSchedule.mutationOptions({ onSuccess: refresh }));
  const trigger = useMutation(trpc.workflows.triggerSchedule.mutationOptions({ onSuccess: refresh }));
  const busy = pause.isPending || resume.isPending || trigger.isPending;
  const error = pause.error ?? resume.error ?? trigger.error;
  return (
    <>
      {s.paused ? (
        <button type="button" className="small" disabled={busy} onClick={() => resume.mutate({ scheduleId: s.scheduleId })}>Resume</button>
      ) : (
        <button type="button" className="small" disabled={busy} onClick={() => pause.mutate({ scheduleId: s.scheduleId })}>Pause</button>
      )}{" "}
      <button type="button" className="small" disabled={busy} onClick={() => trigger.mutate({ scheduleId: s.scheduleId })}>Trigger now</button>
      {trigger.isSuccess && <div className="small-text muted" role="status">Started</div>}
      {error && <div className="small-text error" role="alert">{error.message}</div>}
    </>
  );
}

function Schedules() {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.workflows.schedules.queryOptions(), refetchInterval: REFRESH_MS });
  const ui = list.data?.temporalUi ?? null;
  return (
    <section aria-labelledby="schedules-heading">
      <h2 id="schedules-heading">Schedules</h2>
      {list.error && <p className="error" role="alert">Could not list the schedules: {list.error.message}</p>}
      <table aria-label="Schedules">
        <thead>
          <tr><th>Schedule</th><th>Workflow</th><th>When</th><th>State</th><th>Next run</th><th>Last run</th><th /></tr>
        </thead>
        <tbody>
          {list.isPending && <tr><td colSpan={7}><div className="skeleton" /></td></tr>}
          {list.data?.rows.length === 0 && <tr><td colSpan={7} className="muted">No schedules. A data source gets one when its daily schedule is on.</td></tr>}
          {list.data?.rows.map((s) => (
            <tr key={s.scheduleId} data-testid="schedule-row">
              <td className="small-text">
                {s.scheduleId}
                {s.sourceName && <div className="muted">daily ingest of {s.sourceName}</div>}
                {ui && <div><a href={temporalUiSchedule(ui, s.scheduleId)} target="_blank" rel="noreferrer">Temporal UI</a></div>}
              </td>
              <td>{s.workflowType}</td>
              <td className="small-text">{s.when}</td>
              <td>
                <span className={`badge ${s.paused ? "run-cancelled" : "run-completed"}`}>{s.paused ? "paused" : "active"}</span>
                {s.note && <div className="small-text muted">{s.note}</div>}
              </td>
              <td className="small-text">{s.nextRunAt ? formatWhen(s.nextRunAt) : "—"}</td>
              <td className="small-text">{s.lastRunAt ? formatWhen(s.lastRunAt) : "never"}</td>
              <td><ScheduleActions s={s} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function WorkflowsView() {
  const trpc = useTRPC();
  const executions = useQuery(trpc.workflows.executions.queryOptions({ limit: 100 }));
  const ui = executions.data?.temporalUi;
  return (
    <>
      <div className="row">
        <h1>Workflows</h1>
        <span className="spacer" />
        <Link href="/infrastructure">Infrastructure</Link>
        {ui && <>{" · "}<a href={ui} target="_blank" rel="noreferrer">Open the Temporal UI</a></>}
      </div>
      <p className="muted">Every workflow the worker runs, newest first, and the schedules that start them. Refreshes every {REFRESH_MS / 1000} s.</p>
      <Executions />
      <Schedules />
    </>
  );
}
