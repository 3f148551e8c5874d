"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC, type RouterOutputs } from "~/trpc/react";
import { dimLabel } from "../_dashboard/filter-bar";
import { formatMoney, label } from "../_dashboard/format";
import { ErrorBlock, LoadingBlock } from "../_dashboard/states";
import { parseFilters, readRange, useUrlState } from "../_dashboard/url-state";
import { formatBytes, formatWhen, runHref } from "../ingestion/format";

type Provenance = RouterOutputs["provenance"]["explain"];
const METRICS = ["EffectiveCost", "BilledCost", "ListCost", "ContractedCost", "Savings"] as const;
type Metric = (typeof METRICS)[number];

/** "Where does this come from": the (source, month) runs and files behind a dashboard number. */
export function ProvenanceView() {
  const trpc = useTRPC();
  const { sp } = useUrlState();
  const today = new Date().toISOString().slice(0, 10);
  const range = readRange(sp, { from: today, to: today });
  const metric: Metric = (METRICS as readonly string[]).includes(sp.get("metric") ?? "") ? (sp.get("metric") as Metric) : "EffectiveCost";
  const filters = parseFilters(sp);
  const q = useQuery(trpc.provenance.explain.queryOptions({ ...range, filters, metric }));
  const what = sp.get("what");
  return (
    <>
      <p><button type="button" className="link" onClick={() => history.back()}>← Back</button></p>
      <h1>Where does this come from?</h1>
      <p className="muted">
        {what ? <><strong>{what}</strong> · </> : null}
        {metric} from {range.from} to {range.to}
        {filters.map((f) => ` · ${dimLabel(f.dim)} ${f.op === "in" ? "=" : "≠"} ${f.values.map(label).join(", ")}`).join("")}
      </p>
      <ErrorBlock error={q.error} what="where this number comes from" />
      {q.isPending ? <LoadingBlock /> : q.data ? <Body data={q.data} /> : null}
    </>
  );
}

function Body({ data }: { data: Provenance }) {
  if (data.parts.length === 0) return <p className="muted">No cost rows you may see match this number.</p>;
  const runs = new Map(data.runs.map((r) => [r.runId, r]));
  return (
    <>
      <section className="panel" aria-label="Sources and months">
        <h2>Sources and billing months</h2>
        <table aria-label="Provenance parts">
          <thead><tr><th>Source</th><th>Billing month</th><th>Run</th><th className="num">Rows</th><th className="num">{data.metric}</th><th className="num">Share</th></tr></thead>
          <tbody>
            {data.parts.map((p) => (
              <tr key={`${p.sourceId}|${p.billingMonth}|${p.currency}`} data-testid="provenance-part">
                <td>{p.sourceName}</td>
                <td>{p.billingMonth}</td>
                <td className="mono small-text"><RunLink run={runs.get(p.runId)} runId={p.runId} /></td>
                <td className="num">{p.rows.toLocaleString("en-US")}</td>
                <td className="num">{formatMoney(p.value, p.currency)}</td>
                <td className="num">{(Number(p.share) * 100).toFixed(1)} %</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            {data.totals.map((t) => (
              <tr key={t.currency} className="total"><th scope="row" colSpan={4}>Total {t.currency}</th><td className="num">{formatMoney(t.value, t.currency)}</td><td className="num">100 %</td></tr>
            ))}
          </tfoot>
        </table>
      </section>
      {data.runs.map((r) => (
        <section key={r.runId} className="panel" aria-label={`Run ${r.runId}`}>
          <h2>Run <RunLink run={r} runId={r.runId} /></h2>
          <p className="muted">
            {r.status} · started {formatWhen(r.startedAt)}{r.finishedAt ? ` · finished ${formatWhen(r.finishedAt)}` : ""}
            {r.origin ? ` · made by ${r.origin === "seed" ? "abi seed" : "abi ingest"}` : ""}
          </p>
          {r.totals && (
            <p>
              {r.totals.map((t) => (
                <span key={t.currency} className="small-text">
                  cost in (files) {formatMoney(t.sourceCost, t.currency)} → loaded {formatMoney(t.billedCost, t.currency)}, quarantined {formatMoney(t.quarantinedBilledCost, t.currency)}{" "}
                </span>
              ))}
            </p>
          )}
          <table aria-label="Files">
            <thead><tr><th>File</th><th>SHA-256</th><th className="num">Size</th><th className="num">Rows</th><th>Kind</th></tr></thead>
            <tbody>
              {r.files.length === 0 && <tr><td colSpan={5} className="muted">No file recorded.</td></tr>}
              {r.files.map((f, i) => (
                <tr key={i}><td>{f.name}</td><td className="mono small-text">{f.sha256}</td><td className="num">{formatBytes(f.sizeBytes)}</td><td className="num">{f.rows.toLocaleString("en-US")}</td><td>{f.dataset}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}

/** The run detail page for direct runs and month runs; other runs are found from the console. */
function RunLink({ run, runId }: { run?: Provenance["runs"][number]; runId: string }) {
  const workflowId = run?.workflowId;
  return workflowId ? <Link href={runHref({ workflowId, runId })}>{runId.slice(0, 8)}</Link> : <span title={runId}>{runId.slice(0, 8)}</span>;
}
