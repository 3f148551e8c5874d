"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { HeatmapGrid, type HeatCell } from "~/components/charts/heatmap-grid";
import { StackedBarChart } from "~/components/charts/stacked-bar-chart";
import { TreemapChart } from "~/components/charts/treemap-chart";
import { TrendChart } from "~/components/charts/trend-chart";
import type { ExplorerResult } from "~/domain/analytics/explorer";
import type { Filter } from "~/domain/analytics/filters";
import type { Widget } from "~/domain/dashboards/model";
import type { DatasetWidgetResult } from "~/domain/dashboards/dataset-widget";
import { useTRPC } from "~/trpc/react";
import { AnalysisBody } from "./analysis-widget-view";
import { stackedSeries } from "../_dashboard/stacked-series";
import { formatCompact, formatMoney, label } from "../_dashboard/format";
import { ErrorBlock, LoadingBlock } from "../_dashboard/states";

/** One widget's data (in the viewer's scope, server side) drawn as its type says. */
export function WidgetView({ dashboardId, widget, slice, height }: {
  dashboardId: string;
  widget: Widget;
  slice: { from: string; to: string; filters: Filter[] };
  height: number;
}) {
  const trpc = useTRPC();
  const q = useQuery(trpc.dashboards.widget.queryOptions({ id: dashboardId, widgetId: widget.id, ...slice }));
  if (q.isPending) return <LoadingBlock height={Math.max(60, height)} label={`Loading ${widget.title}`} />;
  if (q.error) return <ErrorBlock error={q.error} what={widget.title} />;
  if (q.data.source === "dataset") return <DatasetBody widget={widget} data={q.data} height={height} />;
  if (q.data.source === "anomalies" || q.data.source === "recommendations" || q.data.source === "budgets") return <AnalysisBody widget={widget} data={q.data} />;
  if (q.data.totals.length === 0) return <p className="muted">No costs in this range and scope.</p>;
  return <WidgetBody widget={widget} data={q.data} height={height} />;
}

function WidgetBody({ widget, data, height }: { widget: Widget; data: ExplorerResult; height: number }) {
  // charts draw one currency (amounts in different currencies are never added); the first one
  const currency = data.currencies[0] ?? "";
  switch (widget.type) {
    case "kpi":
      return (
        <div className="kpi-values">
          {data.totals.map((t) => (
            <div key={t.currency} className="kpi-value" data-testid={`kpi-${widget.id}-${t.currency}`}>
              {formatMoney(t.value, t.currency)}
            </div>
          ))}
        </div>
      );
    case "table":
      return <WidgetTable data={data} widget={widget} />;
    case "trend":
      return <Trend data={data} currency={currency} height={height} />;
    case "stacked_bar":
      return <Stacked data={data} currency={currency} height={height} />;
    case "treemap":
      return (
        <TreemapChart
          height={height}
          format={(v) => formatCompact(v, currency)}
          data={data.rows.filter((r) => r.currency === currency && Number(r.value) > 0).map((r) => ({ name: label(r.group), key: r.group, size: Number(r.value) }))}
        />
      );
    case "heatmap":
      return <Heat data={data} currency={currency} />;
  }
}

function WidgetTable({ data, widget }: { data: ExplorerResult; widget: Widget }) {
  return (
    <table aria-label={widget.title} className="compact">
      <thead>
        <tr><th>{data.groupBy ?? "Group"}</th><th>Currency</th><th className="num">{data.metric}</th></tr>
      </thead>
      <tbody>
        {data.rows.map((r) => (
          <tr key={`${r.group}|${r.currency}`}><td>{data.groupBy ? label(r.group) : "All costs"}</td><td>{r.currency}</td><td className="num">{formatMoney(r.value, r.currency)}</td></tr>
        ))}
      </tbody>
      <tfoot>
        {data.totals.map((t) => (
          <tr key={t.currency} className="total">
            <th scope="row">Total</th><td>{t.currency}</td><td className="num" data-testid={`total-${widget.id}-${t.currency}`}>{formatMoney(t.value, t.currency)}</td>
          </tr>
        ))}
      </tfoot>
    </table>
  );
}

function Trend({ data, currency, height }: { data: ExplorerResult; currency: string; height: number }) {
  const points = useMemo(() => {
    const by = new Map<string, number>();
    for (const s of data.series.filter((x) => x.currency === currency)) by.set(s.period, (by.get(s.period) ?? 0) + Number(s.value));
    return [...by.entries()].map(([day, actual]) => ({ day, actual }));
  }, [data, currency]);
  return <TrendChart data={points} height={height} yLabel={`Cost (${currency})`} format={(v) => formatCompact(v, currency)} />;
}

function Stacked({ data, currency, height }: { data: ExplorerResult; currency: string; height: number }) {
  const { rows, keys } = useMemo(() => stackedSeries(data, currency), [data, currency]);
  return <StackedBarChart data={rows} keys={keys} otherKey="Other" height={height} xLabel="Period" yLabel={`Cost (${currency})`} format={(v) => formatCompact(v)} />;
}

function Heat({ data, currency }: { data: ExplorerResult; currency: string }) {
  const { rows, cols, cells } = useMemo(() => {
    const series = data.series.filter((x) => x.currency === currency);
    const rows = [...new Set(series.map((s) => (s.other ? "Other" : label(s.group))))];
    const cols = [...new Set(series.map((s) => s.period))].sort();
    const cells: HeatCell[] = series.map((s) => {
      const row = rows.indexOf(s.other ? "Other" : label(s.group));
      return { row, col: cols.indexOf(s.period), value: Number(s.value), title: `${rows[row]} ${s.period}: ${formatMoney(s.value, currency)}` };
    });
    return { rows, cols, cells };
  }, [data, currency]);
  return (
    <div style={{ overflow: "auto" }}>
      <HeatmapGrid rows={rows} cols={cols} cells={cells} cellSize={14} labelWidth={160} />
    </div>
  );
}

const formatNumber = (v: number) => v.toLocaleString("en", { maximumFractionDigits: 2 });

/** A saved dataset's label/value rows drawn as the widget's type says (no currency: the dataset's SQL decides what the values are). */
function DatasetBody({ widget, data, height }: { widget: Widget; data: DatasetWidgetResult; height: number }) {
  const note = data.truncated ? <p className="muted">The dataset has more rows than a widget reads; the numbers cover the first ones only.</p> : null;
  if (data.rows.length === 0) return <p className="muted">The dataset has no rows in your scope.</p>;
  const name = (l: string) => (data.labelColumn ? label(l) : "Total");
  switch (widget.type) {
    case "kpi":
      return (
        <div className="kpi-values">
          <div className="kpi-value" data-testid={`kpi-${widget.id}`}>{formatNumber(data.total)}</div>
          <p className="muted">{data.valueColumn} of {data.datasetName}</p>
          {note}
        </div>
      );
    case "trend":
      return (
        <>
          <TrendChart data={data.rows.map((r) => ({ day: r.label, actual: r.value }))} height={height} yLabel={data.valueColumn} format={(v) => formatCompact(v)} />
          {note}
        </>
      );
    case "stacked_bar":
      return (
        <>
          <StackedBarChart data={data.rows.map((r) => ({ period: name(r.label), [data.valueColumn]: r.value }))} keys={[data.valueColumn]} height={height} xLabel={data.labelColumn ?? ""} yLabel={data.valueColumn} format={(v) => formatCompact(v)} />
          {note}
        </>
      );
    case "treemap":
      return <TreemapChart height={height} format={(v) => formatCompact(v)} data={data.rows.filter((r) => r.value > 0).map((r) => ({ name: name(r.label), key: r.label, size: r.value }))} />;
    default:
      return (
        <>
          <table aria-label={widget.title} className="compact">
            <thead>
              <tr><th>{data.labelColumn ?? "Dataset"}</th><th className="num">{data.valueColumn}</th></tr>
            </thead>
            <tbody>
              {data.rows.map((r) => <tr key={r.label}><td>{name(r.label)}</td><td className="num">{formatNumber(r.value)}</td></tr>)}
              {data.hiddenRows > 0 && <tr className="muted"><td colSpan={2}>{data.hiddenRows} more rows not shown</td></tr>}
            </tbody>
            <tfoot>
              <tr className="total"><th scope="row">Total</th><td className="num" data-testid={`total-${widget.id}`}>{formatNumber(data.total)}</td></tr>
            </tfoot>
          </table>
          {note}
        </>
      );
  }
}
