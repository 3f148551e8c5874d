"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { useTRPC, type RouterOutputs } from "~/trpc/react";
import { formatDecimal, formatDuration, formatWhen, isDirectRun, runHref, runMonthLabel, runOrigin } from "./format";
import { ProgressBar } from "./progress-bar";
import { StatusBadge } from "./status-badge";
import { RunActions } from "./run-actions";

export const LIVE_REFRESH_MS = 2_000;
type Run = RouterOutputs["ingestion"]["list"][number];

function Rows({ run }: { run: Run }) {
  if (!run.rows) return <span className="muted">—</span>;
  return (
    <>
      {run.rows.loaded.toLocaleString("en-US")}
      {run.rows.quarantined > 0 && <div className="small-text muted">{run.rows.quarantined.toLocaleString("en-US")} quarantined</div>}
    </>
  );
}

export function RunsView({ isAdmin }: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // After starting something, keep polling a little: Temporal's run list catches up within seconds.
  const pollUntil = useRef(0);
  const runs = useQuery({
    ...trpc.ingestion.list.queryOptions({ limit: 100 }),
    refetchInterval: (q) => (q.state.data?.some((r) => r.status === "running") || Date.now() < pollUntil.current ? LIVE_REFRESH_MS : false),
  });
  const cancel = useMutation(trpc.ingestion.cancel.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.ingestion.list.queryKey() }) }));
  const running = runs.data?.filter((r) => r.status === "running").length ?? 0;
  const onStarted = () => {
    pollUntil.current = Date.now() + 15_000;
    void queryClient.invalidateQueries({ queryKey: trpc.ingestion.list.queryKey() });
  };

  return (
    <>
      <div className="row">
        <h1>Ingestion runs</h1>
        <span className="spacer" />
        {isAdmin && <Link href="/sources">Data sources</Link>}
      </div>
      <p className="muted">
        {running > 0 ? `${running} running · refreshing every ${LIVE_REFRESH_MS / 1000} s` : "No run in progress"}
      </p>
      {isAdmin && <RunActions onStarted={onStarted} />}
      {runs.error && <p className="error" role="alert">Could not load the runs: {runs.error.message}</p>}
      {cancel.error && <p className="error" role="alert">{cancel.error.message}</p>}
      <table aria-label="Ingestion runs">
        <thead>
          <tr>
            <th>Source</th><th>Month</th><th>Status</th><th>Progress</th><th className="num">Rows</th><th className="num">Billed cost</th><th className="num">Duration</th><th>Started</th>
          </tr>
        </thead>
        <tbody>
          {runs.isPending && <tr><td colSpan={8}><div className="skeleton" /></td></tr>}
          {runs.data?.length === 0 && (
            <tr><td colSpan={8} className="muted">No runs yet. {isAdmin ? "Run a source, backfill a range or upload export files above (runs of abi ingest and abi seed are listed here too)." : "An admin starts them."}</td></tr>
          )}
          {runs.data?.map((r) => (
            <tr key={r.runId} data-testid="run-row">
              <td>{r.sourceName}</td>
              <td>
                <Link href={runHref(r)}>{runMonthLabel(r)}</Link>
                <div className="small-text muted">{runOrigin(r)}</div>
              </td>
              <td>
                <StatusBadge status={r.status} />
                {r.error && <div className="small-text run-error" title={r.error}>{r.error.split("\n")[0]!.slice(0, 140)}</div>}
              </td>
              <td style={{ minWidth: 180 }}>
                {r.progress ? <ProgressBar {...r.progress} /> : r.status === "running" ? <ProgressBar step="starting" done={0} total={0} /> : null}
                {isAdmin && r.status === "running" && !isDirectRun(r) && (
                  <button type="button" className="small" disabled={cancel.isPending} onClick={() => cancel.mutate({ workflowId: r.workflowId, runId: r.runId })}>
                    Cancel
                  </button>
                )}
              </td>
              <td className="num"><Rows run={r} /></td>
              <td className="num">
                {r.totals.map((t) => (
                  <div key={t.currency} title={`effective ${formatDecimal(t.effectiveCost)} ${t.currency}`}>{formatDecimal(t.billedCost)} {t.currency}</div>
                ))}
              </td>
              <td className="num">{formatDuration(r.seconds)}</td>
              <td className="small-text">{formatWhen(r.startedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
