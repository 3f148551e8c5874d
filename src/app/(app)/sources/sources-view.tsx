"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";
import { formatWhen, runHref } from "../ingestion/format";
import { StatusBadge } from "../ingestion/status-badge";

const hour = (h: number) => `${String(h).padStart(2, "0")}:00 UTC`;

export function SourcesView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sources = useQuery(trpc.sources.list.queryOptions());
  const remove = useMutation(trpc.sources.delete.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.sources.list.queryKey() }) }));

  return (
    <>
      <div className="row">
        <h1>Data sources</h1>
        <span className="spacer" />
        <Link href="/ingestion">Ingestion runs</Link>
        <Link className="button" href="/sources/new">Add a data source</Link>
      </div>
      {(sources.error ?? remove.error) && <p className="error" role="alert">{(sources.error ?? remove.error)?.message}</p>}
      <table aria-label="Data sources">
        <thead><tr><th>Name</th><th>Plugin</th><th>Schedule</th><th>Last run</th><th>Secrets</th><th /></tr></thead>
        <tbody>
          {sources.isPending && <tr><td colSpan={6}><div className="skeleton" /></td></tr>}
          {sources.data?.length === 0 && (
            <tr><td colSpan={6} className="muted">No data source yet. <Link href="/sources/new">Add one</Link>: Azure Cost Details API, Azure exports in S3/MinIO, or file upload.</td></tr>
          )}
          {sources.data?.map((s) => (
            <tr key={s.id}>
              <td><Link href={`/sources/${s.id}`}>{s.name}</Link></td>
              <td>{s.pluginTitle}</td>
              <td>
                {s.scheduleEnabled ? `daily at ${hour(s.scheduleHourUtc)}` : s.acceptsUploads ? <span className="muted">uploads</span> : <span className="muted">off</span>}
                {s.nextRunAt && <div className="small-text muted">next {formatWhen(s.nextRunAt)}</div>}
              </td>
              <td>
                {s.lastRun ? (
                  <>
                    <StatusBadge status={s.lastRun.status} /> <Link href={runHref(s.lastRun)}>{s.lastRun.month ?? "upload"}</Link>
                    <div className="small-text muted">{formatWhen(s.lastRun.startedAt)}</div>
                  </>
                ) : (
                  <span className="muted">never</span>
                )}
              </td>
              <td>{s.secretsSet.length > 0 ? s.secretsSet.map((k) => <div key={k} className="small-text">{k}: ••• set</div>) : <span className="muted">—</span>}</td>
              <td>
                <button
                  type="button"
                  className="small"
                  disabled={remove.isPending}
                  onClick={() => {
                    if (window.confirm(`Delete ${s.name}? Its schedule stops; the cost data it loaded stays.`)) remove.mutate({ id: s.id });
                  }}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
