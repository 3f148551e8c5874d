"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type RouterOutputs } from "~/trpc/react";
import { decimalDiff, formatBytes, formatDecimal, formatDuration, formatWhen, isDirectRun, runHref, runMonthLabel, runOrigin, secondsBetween } from "../../format";
import { ProgressBar } from "../../progress-bar";
import { StatusBadge } from "../../status-badge";
import { Reconciliation } from "./reconciliation";
import { RawArchive } from "./raw-archive";

type Detail = RouterOutputs["ingestion"]["detail"];

function Steps({ run }: { run: Detail }) {
  return (
    <table aria-label="Steps">
      <thead><tr><th>Step</th><th>Started</th><th>Finished</th><th className="num">Took</th><th>Detail</th></tr></thead>
      <tbody>
        {run.steps.length === 0 && <tr><td colSpan={5} className="muted">No step recorded (the run's history may have expired).</td></tr>}
        {run.steps.map((s, i) => (
          <tr key={i}>
            <td>{s.name}</td>
            <td className="small-text">{formatWhen(s.startedAt)}</td>
            <td className="small-text">{s.finishedAt ? formatWhen(s.finishedAt) : run.status === "running" && i === run.steps.length - 1 ? "running…" : "—"}</td>
            {s.startedAt ? (
              <><td className="num">{formatDuration(secondsBetween(s.startedAt, s.finishedAt))}</td><td>{s.detail}</td></>
            ) : (
              // A run made outside Temporal records only how long each step took.
              <><td className="num">{s.detail}</td><td /></>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Validation({ run }: { run: Detail }) {
  const failed = run.validation.filter((v) => v.result === "fail");
  return (
    <section aria-labelledby="validation-h">
      <h2 id="validation-h">Validation report</h2>
      {run.validation.length === 0 ? (
        <p className="muted">No validation report (the run did not get that far).</p>
      ) : (
        <>
          <p data-testid="validation-summary">
            {run.validation.length} checks: {run.validation.length - failed.length} passed, {failed.length} failed
          </p>
          <table aria-label="Validation report">
            <thead><tr><th>Rule</th><th>Level</th><th>Result</th><th className="num">Violations</th><th>Details</th></tr></thead>
            <tbody>
              {run.validation.map((v) => (
                <tr key={v.rule}>
                  <td className="mono">{v.rule}</td><td>{v.level}</td><td><span className={`badge run-${v.result === "fail" ? "failed" : "completed"}`}>{v.result}</span></td>
                  <td className="num">{v.violations.toLocaleString("en-US")}</td><td className="small-text">{v.details}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

export function RunDetailView({ workflowId, runId, isAdmin }: { workflowId: string; runId: string; isAdmin: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const detail = useQuery({
    ...trpc.ingestion.detail.queryOptions({ workflowId, runId }),
    refetchInterval: (q) => (q.state.data?.status === "running" ? 2_000 : false),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.ingestion.detail.queryKey({ workflowId, runId }) });
  const cancel = useMutation(trpc.ingestion.cancel.mutationOptions({ onSuccess: refresh }));
  const retry = useMutation(trpc.ingestion.retry.mutationOptions({ onSuccess: (r) => router.push(runHref(r)) }));
  const run = detail.data;

  if (detail.error) {
    return (
      <>
        <p><Link href="/ingestion">← Runs</Link></p>
        <p className="error" role="alert">{detail.error.message}</p>
      </>
    );
  }
  if (!run) return <div className="panel skeleton" style={{ height: 200 }} />;

  return (
    <>
      <p><Link href="/ingestion">← Runs</Link></p>
      <div className="row">
        <h1>{run.sourceName} · {runMonthLabel(run)}</h1>
        <StatusBadge status={run.status} />
        <span className="spacer" />
        {isAdmin && run.status === "running" && !isDirectRun(run) && (
          <button type="button" disabled={cancel.isPending} onClick={() => cancel.mutate({ workflowId, runId })}>Cancel run</button>
        )}
        {isAdmin && run.status !== "running" && !isDirectRun(run) && (
          <button type="button" disabled={retry.isPending} onClick={() => retry.mutate({ workflowId, runId })}>Retry</button>
        )}
      </div>
      <p className="muted">
        Started {formatWhen(run.startedAt)}
        {run.closedAt ? ` · finished ${formatWhen(run.closedAt)} · took ${formatDuration(run.seconds)}` : ""} · {isDirectRun(run) ? <>made by <span className="mono">{runOrigin(run)}</span> (outside Temporal)</> : <>workflow <span className="mono">{run.workflowId}</span></>}
        {run.plugin && <> · plugin <span className="mono" data-testid="run-plugin">{run.plugin.id} {run.plugin.version}</span></>}
      </p>
      {(cancel.error ?? retry.error) && <p className="error" role="alert">{(cancel.error ?? retry.error)?.message}</p>}
      {run.error && <p className="error" role="alert">Failed: {run.error}</p>}
      {run.status === "running" && <div className="panel" style={{ marginBottom: "1rem" }}>{run.progress ? <ProgressBar {...run.progress} /> : <ProgressBar step="starting" done={0} total={0} />}</div>}

      <div className="grid kpis">
        <div className="panel"><div className="muted">Rows in</div><div className="kpi-value">{run.rows?.in.toLocaleString("en-US") ?? "—"}</div></div>
        <div className="panel"><div className="muted">Loaded</div><div className="kpi-value">{run.rows?.loaded.toLocaleString("en-US") ?? "—"}</div></div>
        <div className="panel"><div className="muted">Quarantined</div><div className="kpi-value">{run.rows?.quarantined.toLocaleString("en-US") ?? "—"}</div></div>
        <div className="panel"><div className="muted">Excluded by the recipe</div><div className="kpi-value">{run.rows?.excluded.toLocaleString("en-US") ?? "—"}</div></div>
      </div>
      {run.totals.length > 0 && (
        <table aria-label="Cost per currency">
          <thead><tr><th>Currency</th><th className="num">Billed cost</th><th className="num">Effective cost</th></tr></thead>
          <tbody>
            {run.totals.map((t) => (
              <tr key={t.currency}><td>{t.currency}</td><td className="num">{formatDecimal(t.billedCost)}</td><td className="num">{formatDecimal(t.effectiveCost)}</td></tr>
            ))}
          </tbody>
        </table>
      )}

      <Reconciliation periods={run.periods} />

      <h2>Steps</h2>
      <Steps run={run} />

      <h2>Files</h2>
      <table aria-label="Files">
        <thead><tr><th>File</th><th>Dataset</th><th>Format</th><th className="num">Size</th><th className="num">Rows</th><th>SHA-256</th></tr></thead>
        <tbody>
          {run.files.length === 0 && <tr><td colSpan={6} className="muted">No file loaded.</td></tr>}
          {run.files.map((f) => (
            <tr key={f.name + f.sha256}>
              <td>{f.name}</td><td>{f.dataset}</td><td>{f.format}</td><td className="num" title={`${f.sizeBytes} bytes`}>{formatBytes(f.sizeBytes)}</td>
              <td className="num">{f.rows.toLocaleString("en-US")}</td><td className="mono small-text" data-testid="sha256">{f.sha256}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <RawArchive runId={runId} isAdmin={isAdmin} running={run.status === "running"} />

      <Validation run={run} />

      <h2>Quarantine sample</h2>
      {run.quarantine.length === 0 ? (
        <p className="muted">No row was quarantined.</p>
      ) : (
        <table aria-label="Quarantine sample">
          <thead><tr><th>File</th><th className="num">Row</th><th>Failed rules</th><th>Raw row</th></tr></thead>
          <tbody>
            {run.quarantine.map((q) => (
              <tr key={`${q.file}:${q.row}`}>
                <td>{q.file}</td><td className="num">{q.row}</td><td className="mono small-text">{q.rules.join(", ")}</td>
                <td><code className="raw-row">{q.raw}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Restatements</h2>
      {run.restatements.length === 0 ? (
        <p className="muted">Nothing changed compared with the previous run of this month (or this is the first).</p>
      ) : (
        <table aria-label="Restatements">
          <thead><tr><th>Day</th><th>Service</th><th>Currency</th><th className="num">Billed before</th><th className="num">Billed after</th><th className="num">Change</th></tr></thead>
          <tbody>
            {run.restatements.map((r) => (
              <tr key={`${r.day}|${r.service}|${r.currency}`}>
                <td>{r.day}</td><td>{r.service}</td><td>{r.currency}</td><td className="num">{formatDecimal(r.billedBefore)}</td>
                <td className="num">{formatDecimal(r.billedAfter)}</td><td className="num">{formatDecimal(decimalDiff(r.billedAfter, r.billedBefore))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {run.approximations.length > 0 && (
        <>
          <h2>Approximations</h2>
          <ul>{run.approximations.map((a) => <li key={a}>{a}</li>)}</ul>
        </>
      )}
    </>
  );
}
