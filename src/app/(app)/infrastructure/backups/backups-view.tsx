"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "~/trpc/react";

const REFRESH_MS = 3_000;

function size(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function BackupsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery({ ...trpc.backups.list.queryOptions(), refetchInterval: REFRESH_MS });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.backups.list.queryKey() });
  const start = useMutation(trpc.backups.start.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.backups.delete.mutationOptions({ onSuccess: invalidate }));
  const save = useMutation(trpc.backups.saveSchedule.mutationOptions({ onSuccess: invalidate }));
  const [form, setForm] = useState<{ scheduleEnabled: boolean; hourUtc: number; retentionDays: number } | null>(null);
  useEffect(() => {
    if (list.data && !form) setForm(list.data.settings);
  }, [list.data, form]);

  const running = list.data?.runs.filter((r) => r.status === "running") ?? [];
  const failed = list.data?.runs.filter((r) => r.status === "failed") ?? [];
  const error = list.error ?? start.error ?? remove.error;

  return (
    <>
      <div className="row">
        <h1>Backups</h1>
        <span className="spacer" />
        <button type="button" className="primary" disabled={start.isPending || running.length > 0} onClick={() => start.mutate()}>
          Back up now
        </button>
      </div>
      <p className="muted">
        A backup holds the PostgreSQL registry and the ClickHouse data with a manifest of checksums and versions, in {list.data?.store ?? "the platform object store"}.{" "}
        <strong>Restore is only on the command line</strong> (<code>abi restore &lt;location&gt;</code>): it replaces all data of this installation, so it is not a button here.
        See docs/backup.md.
      </p>
      {error && <p className="error" role="alert">{error.message}</p>}
      {list.data?.temporalError && <p className="error" role="alert">{list.data.temporalError}</p>}
      {running.map((r) => (
        <p key={r.workflowId} role="status" data-testid="backup-progress">
          Backing up ({r.workflowId}): {r.progress ? `${r.progress.step}${r.progress.total > 1 ? ` ${Math.round((100 * r.progress.done) / r.progress.total)}%` : ""}` : "waiting for a worker"}
        </p>
      ))}
      {failed.slice(0, 3).map((r) => (
        <p key={r.workflowId} className="error" role="alert">
          Backup {r.workflowId} started {new Date(r.startedAt).toLocaleString()} failed: {r.error}
        </p>
      ))}
      <table aria-label="Backups">
        <thead>
          <tr><th>Backup</th><th>When</th><th>Size</th><th>Location</th><th>Status</th><th /></tr>
        </thead>
        <tbody>
          {list.isPending && <tr><td colSpan={6}><div className="skeleton" /></td></tr>}
          {list.data?.backups.length === 0 && <tr><td colSpan={6} className="muted">No backups yet.</td></tr>}
          {list.data?.backups.map((b) => (
            <tr key={b.id}>
              <td><code>{b.id}</code></td>
              <td>{b.createdAt ? new Date(b.createdAt).toLocaleString() : "—"}</td>
              <td>{size(b.bytes)}</td>
              <td><code>{b.location}</code></td>
              <td>{b.status === "complete" ? `complete${b.abiVersion ? ` (ABI ${b.abiVersion})` : ""}` : running.some((r) => r.workflowId === `backup-${b.id}`) ? "running" : "incomplete"}</td>
              <td>
                <button
                  type="button"
                  className="small"
                  disabled={remove.isPending}
                  onClick={() => {
                    if (window.confirm(`Delete backup ${b.id}? This cannot be undone.`)) remove.mutate({ id: b.id });
                  }}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Daily backup</h2>
      {form && (
        <form
          className="panel form"
          style={{ maxWidth: 420 }}
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(form);
          }}
        >
          <label>
            <input type="checkbox" checked={form.scheduleEnabled} onChange={(e) => setForm({ ...form, scheduleEnabled: e.target.checked })} /> Back up every day
          </label>
          <label>
            At (UTC hour)
            <input type="number" min={0} max={23} value={form.hourUtc} onChange={(e) => setForm({ ...form, hourUtc: Number(e.target.value) })} />
          </label>
          <label>
            Keep backups for (days)
            <input type="number" min={1} max={3650} value={form.retentionDays} onChange={(e) => setForm({ ...form, retentionDays: Number(e.target.value) })} />
          </label>
          <p className="muted">
            {list.data?.nextRun ? `Next backup: ${new Date(list.data.nextRun).toLocaleString()}.` : "No daily backup is scheduled."} Older backups are deleted after each daily backup; the newest complete one is always kept.
          </p>
          {save.error && <p className="error" role="alert">{save.error.message}</p>}
          {save.isSuccess && <p role="status">Schedule saved.</p>}
          <button className="primary" type="submit" disabled={save.isPending}>Save schedule</button>
        </form>
      )}
    </>
  );
}
