"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";
import { formatWhen, runHref } from "../../ingestion/format";
import { StatusBadge } from "../../ingestion/status-badge";
import { MarketplaceTabs } from "../tabs";

/** Each installed plugin: version, status, last connection test, and per source its last and next run. */
export function InstalledView() {
  const trpc = useTRPC();
  const installed = useQuery({ ...trpc.marketplace.installed.queryOptions(), refetchInterval: 10_000 });
  return (
    <>
      <h1>Installed plugins</h1>
      <MarketplaceTabs current="installed" />
      {installed.error && <p className="error" role="alert">{installed.error.message}</p>}
      <table aria-label="Installed plugins">
        <thead>
          <tr><th>Plugin</th><th>Version</th><th>Status</th><th>Last test</th><th>Source</th><th>Last run</th><th className="num">Rows</th><th className="num">Errors</th><th>Next run</th></tr>
        </thead>
        <tbody>
          {installed.isPending && <tr><td colSpan={9}><div className="skeleton" /></td></tr>}
          {installed.data?.length === 0 && <tr><td colSpan={9} className="muted">No plugin is installed. <Link href="/marketplace">Browse the catalogue</Link>.</td></tr>}
          {installed.data?.flatMap((p) => {
            const head = (
              <>
                <td><Link href={`/marketplace/${encodeURIComponent(p.id)}`}>{p.name}</Link></td>
                <td>{p.version}{p.updateAvailable && <div><span className="badge run-running">update available: {p.updateAvailable}</span></div>}</td>
                <td>{p.enabled ? <span className="badge run-completed">enabled</span> : <span className="badge run-cancelled">disabled</span>}</td>
                <td>
                  {p.health ? (
                    <>
                      <span className={`badge run-${p.health.ok ? "completed" : "failed"}`}>{p.health.ok ? "ok" : "failed"}</span>
                      <div className="small-text muted">{formatWhen(p.health.testedAt)}</div>
                    </>
                  ) : (
                    <span className="muted">never</span>
                  )}
                </td>
              </>
            );
            if (p.sources.length === 0) {
              return [
                <tr key={p.id} data-testid="installed-row" data-plugin={p.id}>
                  {head}
                  <td className="muted">no source</td><td /><td /><td /><td />
                </tr>,
              ];
            }
            return p.sources.map((s, i) => (
              <tr key={`${p.id}:${s.id}`} data-testid="installed-row" data-plugin={p.id}>
                {i === 0 ? head : <><td /><td /><td /><td /></>}
                <td><Link href={`/sources/${s.id}`}>{s.name}</Link></td>
                <td>
                  {s.lastRun ? (
                    <>
                      <StatusBadge status={s.lastRun.status} /> <Link href={runHref(s.lastRun)}>{s.lastRun.month ?? "upload"}</Link>
                      <div className="small-text muted">{formatWhen(s.lastRun.startedAt)}</div>
                      {s.lastRun.error && <div className="error small-text">{s.lastRun.error}</div>}
                    </>
                  ) : (
                    <span className="muted">never</span>
                  )}
                </td>
                <td className="num">{s.lastRun?.rowsLoaded?.toLocaleString("en-US") ?? "—"}</td>
                <td className="num">{s.failedRuns}</td>
                <td>{s.nextRunAt ? formatWhen(s.nextRunAt) : <span className="muted">{s.scheduleEnabled ? "—" : "no schedule"}</span>}</td>
              </tr>
            ));
          })}
        </tbody>
      </table>
    </>
  );
}
