"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ChartFigure } from "~/components/charts/chart-figure";
import { StackedBarChart } from "~/components/charts/stacked-bar-chart";
import { useTRPC, type RouterOutputs } from "~/trpc/react";
import { ExportButtons } from "../_dashboard/export-buttons";
import { formatCompact, formatMoney, label } from "../_dashboard/format";
import { ConversionNote, useReportingCurrency } from "../_dashboard/reporting-currency";
import { DashboardPage, SliceControls, useSlice } from "../_dashboard/slice";
import { ErrorBlock, LoadingBlock, NoRows } from "../_dashboard/states";

type A = RouterOutputs["anomalies"]["list"]["anomalies"][number];

export function AnomaliesView() {
  return <DashboardPage title="Anomalies" pdfName="anomalies" currency>{(last) => <Anomalies last={last} />}</DashboardPage>;
}

function Anomalies({ last }: { last: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const s = useSlice(last, 60);
  const dims = useQuery(trpc.anomalies.dimensions.queryOptions());
  const options = useQuery(trpc.costs.options.queryOptions(s.range));
  const dimension = s.sp.get("dim") ?? "ServiceName";
  const minDelta = Math.max(0, Number(s.sp.get("min") ?? 10) || 0);
  const showClosed = s.sp.get("closed") === "1";
  const input = { ...s.slice, dimension, minDelta, currency: s.currency };
  const q = useQuery({ ...trpc.anomalies.list.queryOptions(input), placeholderData: keepPreviousData });
  const setStatus = useMutation(
    trpc.anomalies.setStatus.mutationOptions({
      onSuccess: async () => {
        // refetches the active list too
        await qc.invalidateQueries({ queryKey: trpc.anomalies.list.queryKey() });
      },
    }),
  );
  const [open, setOpen] = useState<string | null>(null);
  const all = q.data?.anomalies ?? [];
  const shown = showClosed ? all : all.filter((a) => a.status === "open");
  const key = (a: A) => `${a.value}|${a.day}|${a.currency}`;
  const byDay = new Map<string, { period: string; high: number; medium: number; low: number }>();
  for (const a of shown) {
    const d = byDay.get(a.day) ?? { period: a.day, high: 0, medium: 0, low: 0 };
    d[a.severity] += Math.abs(a.delta);
    byDay.set(a.day, d);
  }
  return (
    <>
      <SliceControls last={last} slice={s}>
        <div className="row">
          <label className="inline">
            Dimension
            <select value={dimension} onChange={(e) => s.set({ dim: e.target.value })}>
              {(dims.data ?? ["ServiceName"]).map((d) => <option key={d} value={d}>{d}</option>)}
              {options.data?.tagKeys.map((k) => <option key={k} value={`tag:${k}`}>Tag {k}</option>)}
            </select>
          </label>
          <label className="inline">
            Ignore changes under
            <input type="number" min={0} step="1" value={minDelta} onChange={(e) => s.set({ min: e.target.value })} style={{ width: 90 }} />
          </label>
          <label className="inline">
            <input type="checkbox" checked={showClosed} onChange={(e) => s.set({ closed: e.target.checked ? "1" : null })} />
            Show dismissed and expected
          </label>
        </div>
      </SliceControls>
      <p className="muted small-text">
        Each day&apos;s cost per {dimension} is compared with the same weekday of the previous 4 weeks; flagged when more than 3 spreads away (see docs/analytics.md).
      </p>
      <ConversionNote range={s.range} filters={s.filters} />
      <ErrorBlock error={q.error ?? setStatus.error} what="anomalies" />
      {q.isPending ? (
        <LoadingBlock />
      ) : shown.length === 0 ? (
        <NoRows>No anomalies in this range{all.length > shown.length ? ` (${all.length - shown.length} dismissed or expected)` : ""}.</NoRows>
      ) : (
        <>
          <ChartFigure
            title="Size of anomalous changes by day"
            summary={`${shown.length} anomalies on ${byDay.size} days`}
            testId="anomaly-chart"
            actions={<ExportButtons table={() => ({ name: "anomalies", columns: ["Severity", dimension, "Currency", "Day", "Expected", "Actual", "Change", "Score", "Status"], rows: shown.map((a) => [a.severity, label(a.value), a.currency, a.day, a.expected.toFixed(2), a.actual, a.delta.toFixed(2), a.score.toFixed(1), a.status]) })} />}
          >
            <StackedBarChart data={[...byDay.values()].sort((a, b) => a.period.localeCompare(b.period))} keys={["high", "medium", "low"]} colors={{ high: "#c53030", medium: "#b7791f", low: "#a0aec0" }} xLabel="Day" yLabel="|Change|" format={(v) => formatCompact(v)} height={220} />
          </ChartFigure>
          <table aria-label="Anomalies">
            <thead><tr><th>Severity</th><th>{dimension}</th><th>Day</th><th className="num">Expected</th><th className="num">Actual</th><th className="num">Change</th><th>Status</th><th>Actions</th></tr></thead>
            <tbody>
              {shown.map((a) => (
                <AnomalyRows key={key(a)} a={a} open={open === key(a)} onToggle={() => setOpen(open === key(a) ? null : key(a))} filters={s.filters}
                  onStatus={(status) => setStatus.mutate({ dimension: a.dimension, value: a.value, day: a.day, currency: a.currency, status, reportingCurrency: s.currency })} />
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

function AnomalyRows({ a, open, onToggle, onStatus, filters }: { a: A; open: boolean; onToggle: () => void; onStatus: (s: "dismissed" | "expected" | "open") => void; filters: { dim: string; op: "in" | "not_in"; values: string[] }[] }) {
  const trpc = useTRPC();
  const reportingCurrency = useReportingCurrency();
  const cause = useQuery({ ...trpc.anomalies.cause.queryOptions({ dimension: a.dimension, value: a.value, currency: a.currency, day: a.day, filters, reportingCurrency }), enabled: open });
  const m = (v: string | number) => formatMoney(String(v), a.currency);
  return (
    <>
      <tr className={open ? "selected" : ""}>
        <td className={`sev-${a.severity}`}>{a.severity}</td>
        <td>{label(a.value)}</td>
        <td>{a.day}</td>
        <td className="num">{m(a.expected.toFixed(2))}</td>
        <td className="num">{m(a.actual)}</td>
        <td className={`num ${a.delta > 0 ? "up" : "down"}`}>{m(a.delta.toFixed(2))}</td>
        <td>{a.status}{a.setBy && <div className="muted small-text">by {a.setBy}</div>}</td>
        <td className="row">
          <button type="button" className="small" aria-expanded={open} onClick={onToggle}>{open ? "Hide cause" : "Cause"}</button>
          {a.status === "open" ? (
            <>
              <button type="button" className="small" onClick={() => onStatus("dismissed")}>Dismiss</button>
              <button type="button" className="small" onClick={() => onStatus("expected")}>Mark expected</button>
            </>
          ) : (
            <button type="button" className="small" onClick={() => onStatus("open")}>Reopen</button>
          )}
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={8}>
            {cause.isPending ? <div className="skeleton" style={{ height: 60 }} /> : cause.error ? <p className="error" role="alert">{cause.error.message}</p> : (
              <table aria-label={`Cause of the anomaly in ${label(a.value)} on ${a.day}`}>
                <thead><tr><th>Resource</th><th>Meter</th><th className="num">Expected</th><th className="num">Actual</th><th className="num">Change</th><th className="num">Share of change</th></tr></thead>
                <tbody>
                  {cause.data?.map((c) => (
                    <tr key={`${c.resourceId}|${c.meter}`}>
                      <td title={c.resourceId}>{c.resourceName || c.resourceId || "(no resource)"}</td>
                      <td>{c.meter || "–"}</td>
                      <td className="num">{m(c.expected.toFixed(2))}</td>
                      <td className="num">{m(c.actual)}</td>
                      <td className="num">{m(c.delta.toFixed(2))}</td>
                      <td className="num">{(c.share * 100).toFixed(0)}%</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </td>
        </tr>
      )}
    </>
  );
}
