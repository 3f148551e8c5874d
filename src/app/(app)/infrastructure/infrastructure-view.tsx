"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";
import { ServiceCard } from "~/components/service-status";

const REFRESH_MS = 5_000;
const HISTORY_REFRESH_MS = 60_000;

export function InfrastructureView() {
  const trpc = useTRPC();
  const health = useQuery({ ...trpc.system.health.queryOptions(), refetchInterval: REFRESH_MS });
  // Asked after the first health check, which stores the minute's sample when due.
  const history = useQuery({ ...trpc.system.healthHistory.queryOptions(), refetchInterval: HISTORY_REFRESH_MS, enabled: health.isSuccess });
  const historyOf = (name: string) => history.data?.find((h) => h.service === name);

  return (
    <>
      <div className="row">
        <h1>Infrastructure</h1>
        <span className="spacer" />
        <Link href="/infrastructure/storage">Object storage</Link>
        <Link href="/infrastructure/workflows">Workflows and schedules</Link>
        <Link href="/infrastructure/backups">Backups</Link>
        {health.data && (
          <span className="status" data-testid="overall-status">
            <span className={`dot ${health.data.status === "ok" ? "ok" : "warn"}`} aria-hidden />
            {health.data.status === "ok" ? "All services healthy" : "Degraded"}
          </span>
        )}
      </div>
      <p className="muted">
        Refreshes every {REFRESH_MS / 1000} s{health.data ? ` · checked ${new Date(health.data.checkedAt).toLocaleTimeString()}` : ""}
      </p>
      {health.error && <p className="error" role="alert">Could not check the services: {health.error.message}</p>}
      <div className="grid">
        {health.isPending
          ? [0, 1, 2].map((i) => <div key={i} className="panel skeleton" style={{ height: 150 }} />)
          : Object.entries(health.data?.services ?? {}).map(([name, service]) => service && <ServiceCard key={name} name={name} service={service} history={historyOf(name)} />)}
      </div>
    </>
  );
}
