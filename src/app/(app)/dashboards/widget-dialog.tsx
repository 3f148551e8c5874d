"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { Filter } from "~/domain/analytics/filters";
import { ANALYSIS_WIDGET_TYPES, DATASET_WIDGET_TYPES, isNumericColumnType, RECOMMENDATION_KINDS, WIDGET_TYPES, type Widget, type WidgetType } from "~/domain/dashboards/model";
import { useTRPC } from "~/trpc/react";
import { FilterEditor } from "../_dashboard/filter-bar";

export const TYPE_LABELS: Record<WidgetType, string> = {
  kpi: "KPI (total)", trend: "Trend", stacked_bar: "Stacked bar", table: "Table", treemap: "Treemap", heatmap: "Heatmap",
};
const METRICS = ["EffectiveCost", "BilledCost", "ListCost", "ContractedCost", "Savings"] as const;
type ExplorerQuery = Extract<Widget["query"], { source: "explorer" }>;
type DatasetQuery = Extract<Widget["query"], { source: "dataset" }>;
type Source = Widget["query"]["source"];
const ANOMALY_DIMS = ["ServiceName", "SubAccountName", "x_ResourceGroupName", "RegionName"] as const;
const SEVERITIES = ["high", "medium", "low"] as const;
const isAnalysis = (s: Source) => s === "anomalies" || s === "recommendations" || s === "budgets";

/**
 * Add or edit a widget: its type, title and query — the cost explorer's (metric, group by,
 * granularity, own filters) or a saved workbench dataset's (a label column and a value column).
 */
export function WidgetDialog({ initial, range, onSave, onCancel, busy }: {
  initial?: Widget;
  range: { from: string; to: string };
  onSave: (w: Omit<Widget, "id">) => void;
  onCancel: () => void;
  busy: boolean;
}) {
  const trpc = useTRPC();
  const options = useQuery(trpc.costs.options.queryOptions(range));
  const datasets = useQuery(trpc.dashboards.datasets.queryOptions());
  const q0 = initial?.query.source === "explorer" ? initial.query : undefined;
  const d0 = initial?.query.source === "dataset" ? initial.query : undefined;
  const a0 = initial?.query.source === "anomalies" ? initial.query : undefined;
  const r0 = initial?.query.source === "recommendations" ? initial.query : undefined;
  const [source, setSource] = useState<Source>(initial?.query.source ?? "explorer");
  const [dimension, setDimension] = useState<(typeof ANOMALY_DIMS)[number]>(a0?.dimension ?? "ServiceName");
  const [severities, setSeverities] = useState<(typeof SEVERITIES)[number][]>(a0?.severities ?? []);
  const [kinds, setKinds] = useState<(typeof RECOMMENDATION_KINDS)[number][]>(r0?.kinds ?? []);
  const [datasetId, setDatasetId] = useState(d0?.datasetId ?? "");
  const [labelColumn, setLabelColumn] = useState(d0?.labelColumn ?? "");
  const [valueColumn, setValueColumn] = useState(d0?.valueColumn ?? "");
  const dataset = datasets.data?.find((d) => d.id === datasetId);
  const [type, setType] = useState<WidgetType>(initial?.type ?? "kpi");
  const [title, setTitle] = useState(initial?.title ?? "");
  const [metric, setMetric] = useState<string>(q0?.metric ?? "EffectiveCost");
  const [groupBy, setGroupBy] = useState(q0?.groupBy ?? "");
  const [granularity, setGranularity] = useState<"day" | "week" | "month">(q0?.granularity ?? "month");
  const [limit, setLimit] = useState(initial?.query.limit ?? 10);
  const [filters, setFilters] = useState<Filter[]>(q0?.filters ?? []);
  const needsGroup = type === "table" || type === "treemap" || type === "heatmap";
  const types = source === "dataset" ? WIDGET_TYPES.filter((t) => DATASET_WIDGET_TYPES.includes(t)) : isAnalysis(source) ? WIDGET_TYPES.filter((t) => ANALYSIS_WIDGET_TYPES.includes(t)) : WIDGET_TYPES;
  const analysisQuery = (): Widget["query"] =>
    source === "anomalies" ? { source, dimension, severities, minDelta: a0?.minDelta ?? 10, limit }
    : source === "recommendations" ? { source, kinds, limit }
    : { source: "budgets", limit };
  const datasetQuery = (): DatasetQuery => ({ source: "dataset", datasetId, labelColumn: labelColumn || undefined, valueColumn, limit });
  return (
    <section className="panel dialog" role="dialog" aria-label={initial ? "Edit widget" : "Add widget"}>
      <h2>{initial ? "Edit widget" : "Add widget"}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSave({
            type, title: title.trim(),
            query: source === "dataset"
              ? datasetQuery()
              : isAnalysis(source) ? analysisQuery()
              : { source: "explorer", metric: metric as ExplorerQuery["metric"], groupBy: groupBy || undefined, granularity, limit, filters },
          });
        }}
      >
        <div className="row">
          <label className="inline">
            Type
            <select value={type} onChange={(e) => setType(e.target.value as WidgetType)}>
              {types.map((t) => <option key={t} value={t}>{TYPE_LABELS[t]}</option>)}
            </select>
          </label>
          <label className="inline">
            Title
            <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={120} />
          </label>
          <label className="inline">
            Data
            <select
              value={source}
              onChange={(e) => {
                const next = e.target.value as Source;
                setSource(next);
                if (next === "dataset" && !DATASET_WIDGET_TYPES.includes(type)) setType("table");
                if (isAnalysis(next) && !ANALYSIS_WIDGET_TYPES.includes(type)) setType("table");
              }}
            >
              <option value="explorer">Cost explorer query</option>
              <option value="dataset" disabled={(datasets.data?.length ?? 0) === 0}>Saved dataset{(datasets.data?.length ?? 0) === 0 ? " (none saved yet)" : ""}</option>
              <option value="anomalies">Open anomalies</option>
              <option value="recommendations">Recommendations</option>
              <option value="budgets">Budgets (actual, forecast, variance)</option>
            </select>
          </label>
        </div>
        {isAnalysis(source) ? (
          <>
            <div className="row">
              {source === "anomalies" && (
                <>
                  <label className="inline">
                    Per
                    <select value={dimension} onChange={(e) => setDimension(e.target.value as (typeof ANOMALY_DIMS)[number])}>
                      {ANOMALY_DIMS.map((d) => <option key={d} value={d}>{d}</option>)}
                    </select>
                  </label>
                  {SEVERITIES.map((v) => (
                    <label key={v} className="inline">
                      <input type="checkbox" checked={severities.includes(v)} onChange={(e) => setSeverities(e.target.checked ? [...severities, v] : severities.filter((x) => x !== v))} /> {v}
                    </label>
                  ))}
                </>
              )}
              {source === "recommendations" && RECOMMENDATION_KINDS.map((k) => (
                <label key={k} className="inline">
                  <input type="checkbox" checked={kinds.includes(k)} onChange={(e) => setKinds(e.target.checked ? [...kinds, k] : kinds.filter((x) => x !== k))} /> {k}
                </label>
              ))}
              <label className="inline">
                Rows
                <input type="number" min={1} max={50} value={limit} onChange={(e) => setLimit(Math.min(50, Math.max(1, Number(e.target.value) || 1)))} />
              </label>
            </div>
            <p className="muted">
              {source === "budgets"
                ? "Each budget you can see, for its own current period (the dashboard's range does not apply)."
                : "Computed as on its page, for the dashboard's range and filters, within each viewer's scope. No box ticked = all."}
            </p>
          </>
        ) : source === "dataset" ? (
          <>
            <div className="row">
              <label className="inline">
                Dataset
                <select value={datasetId} onChange={(e) => { setDatasetId(e.target.value); setLabelColumn(""); setValueColumn(""); }} required>
                  <option value="">(pick a dataset)</option>
                  {datasets.data?.map((d) => <option key={d.id} value={d.id}>{d.name}{d.mine ? "" : " (shared)"}</option>)}
                </select>
              </label>
              <label className="inline">
                Label column
                <select value={labelColumn} onChange={(e) => setLabelColumn(e.target.value)} required={type !== "kpi"}>
                  <option value="">(none)</option>
                  {dataset?.columns.map((c) => <option key={c.name} value={c.name}>{c.name} ({c.type})</option>)}
                </select>
              </label>
              <label className="inline">
                Value column
                <select value={valueColumn} onChange={(e) => setValueColumn(e.target.value)} required>
                  <option value="">(pick a number column)</option>
                  {dataset?.columns.filter((c) => isNumericColumnType(c.type)).map((c) => <option key={c.name} value={c.name}>{c.name} ({c.type})</option>)}
                </select>
              </label>
              <label className="inline">
                Rows
                <input type="number" min={1} max={50} value={limit} onChange={(e) => setLimit(Math.min(50, Math.max(1, Number(e.target.value) || 1)))} />
              </label>
            </div>
            <p className="muted">A dataset runs its saved SQL with each viewer&apos;s scope; the dashboard&apos;s date range and filters do not apply to it. Rows with the same label are added together.</p>
          </>
        ) : (
        <>
        <div className="row">
          <label className="inline">
            Metric
            <select value={metric} onChange={(e) => setMetric(e.target.value)}>
              {METRICS.map((m) => <option key={m} value={m}>{m}</option>)}
            </select>
          </label>
          <label className="inline">
            Group by
            <select value={groupBy} onChange={(e) => setGroupBy(e.target.value)} required={needsGroup}>
              <option value="">(no grouping)</option>
              <optgroup label="Columns">
                {(options.data?.columns ?? (groupBy ? [groupBy] : [])).map((c) => <option key={c} value={c}>{c}</option>)}
              </optgroup>
              {(options.data?.tagKeys.length ?? 0) > 0 && (
                <optgroup label="Tags">
                  {options.data?.tagKeys.map((k) => <option key={k} value={`tag:${k}`}>Tag {k}</option>)}
                </optgroup>
              )}
            </select>
          </label>
          <label className="inline">
            Granularity
            <select value={granularity} onChange={(e) => setGranularity(e.target.value as "day" | "week" | "month")}>
              <option value="day">Day</option>
              <option value="week">Week</option>
              <option value="month">Month</option>
            </select>
          </label>
          <label className="inline">
            Rows / series
            <input type="number" min={1} max={50} value={limit} onChange={(e) => setLimit(Math.min(50, Math.max(1, Number(e.target.value) || 1)))} />
          </label>
        </div>
        <p className="muted">The widget&apos;s own filters apply on top of the dashboard&apos;s.</p>
        <FilterEditor filters={filters} onChange={setFilters} range={range} columns={options.data?.columns ?? ["ServiceName"]} tagKeys={options.data?.tagKeys ?? []} />
        </>
        )}
        <div className="row">
          <button type="submit" disabled={busy || !title.trim() || (source === "dataset" && (!datasetId || !valueColumn))}>{initial ? "Save widget" : "Add widget"}</button>
          <button type="button" className="link" onClick={onCancel}>Cancel</button>
        </div>
      </form>
    </section>
  );
}
