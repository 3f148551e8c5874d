"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";
import { formatDecimal, runHref } from "../../../ingestion/format";
import { ProgressBar } from "../../../ingestion/progress-bar";
import { StatusBadge } from "../../../ingestion/status-badge";

/** A started run followed live: the ingestion console's progress bar, polled every 2 s while it runs. */
export function LiveRun({ workflowId, runId }: { workflowId: string; runId: string }) {
  const trpc = useTRPC();
  const detail = useQuery({
    ...trpc.ingestion.detail.queryOptions({ workflowId, runId }),
    refetchInterval: (q) => (q.state.data && q.state.data.status !== "running" ? false : 2_000),
    retry: 10,
  });
  const run = detail.data;
  if (detail.error) return <p className="error" role="alert">{detail.error.message}</p>;
  if (!run) return <ProgressBar step="starting" done={0} total={0} />;
  return (
    <div data-testid="live-run">
      <p>
        First run <StatusBadge status={run.status} /> · <Link href={runHref(run)}>Open the run</Link>
      </p>
      {run.status === "running" && (run.progress ? <ProgressBar {...run.progress} /> : <ProgressBar step="starting" done={0} total={0} />)}
      {run.error && <p className="error" role="alert">Failed: {run.error}</p>}
      {run.rows && <p>{run.rows.loaded.toLocaleString("en-US")} rows loaded, {run.rows.quarantined.toLocaleString("en-US")} quarantined.</p>}
      {run.totals.map((t) => <p key={t.currency}>Billed {formatDecimal(t.billedCost)} {t.currency}</p>)}
      {run.status === "completed" && (
        <p>
          Done. See it on the <Link href="/marketplace/installed">installed plugins dashboard</Link> or the <Link href="/">cost overview</Link>.
        </p>
      )}
    </div>
  );
}
