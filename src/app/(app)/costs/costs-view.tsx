"use client";

import { ConversionNote, CurrencySelect, originalsTitle, useReportingCurrency } from "../_dashboard/reporting-currency";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { ChartFigure } from "~/components/charts/chart-figure";
import { StackedBarChart } from "~/components/charts/stacked-bar-chart";
import type { ExplorerResult } from "~/domain/analytics/explorer";
import { useTRPC } from "~/trpc/react";
import { ExportButtons, PdfButton } from "../_dashboard/export-buttons";
import { dimLabel, FilterEditor, RangeInputs } from "../_dashboard/filter-bar";
import { stackedSeries } from "../_dashboard/stacked-series";
import { formatCompact, formatMoney, label, shiftDays } from "../_dashboard/format";
import { SavedViews } from "../_dashboard/saved-views";
import { PrintHeader } from "../_dashboard/print-header";
import { CurrencyNote, EmptyData, ErrorBlock, LoadingBlock, NoRows } from "../_dashboard/states";
import { encodeFilters, parseFilters, readRange, useUrlState } from "../_dashboard/url-state";
import { WhereFrom } from "../_dashboard/where-from";
import type { Filter } from "~/domain/analytics/filters";

const METRIC_LABELS: Record<string, string> = {
  EffectiveCost: "Effective cost (amortized)",
  BilledCost: "Billed cost (actual)",
  ListCost: "List cost",
  ContractedCost: "Contracted cost",
  Savings: "Savings (list − effective)",
};
const SORTS = ["value_desc", "value_asc", "name_asc", "name_desc"] as const;
type Sort = (typeof SORTS)[number];
const PAGE_SIZE = 25;

export function CostsView() {
  const trpc = useTRPC();
  const days = useQuery(trpc.costs.dataDays.queryOptions());
  if (days.isPending) return <><h1>Cost explorer</h1><LoadingBlock /></>;
  if (days.error) return <><h1>Cost explorer</h1><ErrorBlock error={days.error} what="the data range" /></>;
  if (!days.data) return <><h1>Cost explorer</h1><EmptyData /></>;
  return <Explorer last={days.data.last} />;
}

function Explorer({ last }: { last: string }) {
  const trpc = useTRPC();
  const { sp, set } = useUrlState();
  const range = readRange(sp, { from: shiftDays(last, -29), to: last });
  const granularity = (["day", "week", "month"] as const).find((g) => g === sp.get("gran")) ?? "day";
  const metric = sp.get("metric") && METRIC_LABELS[sp.get("metric")!] ? sp.get("metric")! : "EffectiveCost";
  const groupBy = sp.get("group") ?? "ServiceName";
  const sort: Sort = (SORTS as readonly string[]).includes(sp.get("sort") ?? "") ? (sp.get("sort") as Sort) : "value_desc";
  const page = Math.max(0, Number(sp.get("page") ?? 0) || 0);
  const filters = parseFilters(sp);
  const options = useQuery(trpc.costs.options.queryOptions(range));
  const currency = useReportingCurrency();
  const input = { ...range, granularity, metric, groupBy: groupBy === "none" ? undefined : groupBy, sort, page, pageSize: PAGE_SIZE, filters, currency };
  const q = useQuery({ ...trpc.costs.explore.queryOptions(input), placeholderData: keepPreviousData });
  const chartCurrency = q.data?.currencies.includes(sp.get("cur") ?? "") ? sp.get("cur")! : (q.data?.currencies[0] ?? "");

  return (
    <>
      <div className="row page-heading">
        <h1>Cost explorer</h1>
        <span className="spacer" />
        <CurrencySelect />
        <PdfButton name="cost-explorer" />
      </div>
      <PrintHeader
        title="Cost explorer"
        range={range}
        settings={[`Per ${granularity}`, METRIC_LABELS[metric] ?? metric, groupBy === "none" ? "No grouping" : `Grouped by ${dimLabel(groupBy)}`]}
        filters={filters}
        currency={q.data ? (q.data.currencies.length > 1 ? `${q.data.currencies.join(", ")} (chart in ${chartCurrency})` : q.data.currencies[0]) : undefined}
      />
      <section className="panel controls" aria-label="Query">
        <RangeInputs from={range.from} to={range.to} last={last} onChange={(r) => set({ ...r, page: null })} />
        <div className="row">
          <label className="inline">
            Granularity
            <select value={granularity} onChange={(e) => set({ gran: e.target.value })}>
              <option value="day">Day</option>
              <option value="week">Week</option>
              <option value="month">Month</option>
            </select>
          </label>
          <label className="inline">
            Metric
            <select value={metric} onChange={(e) => set({ metric: e.target.value, page: null })}>
              {Object.entries(METRIC_LABELS).map(([k, v]) => (
                <option key={k} value={k}>{v}</option>
              ))}
            </select>
          </label>
          <label className="inline">
            Group by
            <select value={groupBy} onChange={(e) => set({ group: e.target.value, page: null })}>
              <option value="none">(no grouping)</option>
              <optgroup label="Columns">
                {(options.data?.columns ?? [groupBy]).map((c) => (
                  <option key={c} value={c}>{c}</option>
                ))}
              </optgroup>
              {(options.data?.tagKeys.length ?? 0) > 0 && (
                <optgroup label="Tags">
                  {options.data?.tagKeys.map((k) => (
                    <option key={k} value={`tag:${k}`}>Tag {k}</option>
                  ))}
                </optgroup>
              )}
            </select>
          </label>
        </div>
        <FilterEditor
          filters={filters}
          onChange={(f) => set({ f: encodeFilters(f), page: null })}
          range={range}
          columns={options.data?.columns ?? ["ServiceName"]}
          tagKeys={options.data?.tagKeys ?? []}
        />
        <SavedViews />
      </section>

      <ConversionNote range={range} filters={filters} />
      <ErrorBlock error={q.error} what="costs" />
      {q.data && <CurrencyNote currencies={q.data.currencies} />}
      {q.isPending ? (
        <LoadingBlock height={360} label="Loading chart" />
      ) : q.data && q.data.totals.length === 0 ? (
        <NoRows />
      ) : q.data ? (
        <>
          {q.data.currencies.length > 1 && (
            <label className="inline print-hide">
              Chart currency
              <select value={chartCurrency} onChange={(e) => set({ cur: e.target.value })}>
                {q.data.currencies.map((c) => (
                  <option key={c} value={c}>{c}</option>
                ))}
              </select>
            </label>
          )}
          <CostChart data={q.data} currency={chartCurrency} metricLabel={METRIC_LABELS[metric] ?? metric} granularity={granularity} />
          <CostTable data={q.data} slice={{ ...range, filters, metric }} metricLabel={METRIC_LABELS[metric] ?? metric} sort={sort} page={page} onSort={(s) => set({ sort: s, page: null })} onPage={(p) => set({ page: String(p) })} />
        </>
      ) : null}
    </>
  );
}

function CostChart({ data, currency, metricLabel, granularity }: { data: ExplorerResult; currency: string; metricLabel: string; granularity: string }) {
  const { rows, keys } = useMemo(() => stackedSeries(data, currency), [data, currency]);
  const summary = `${metricLabel} in ${currency} per ${granularity}, ${rows.length} periods, stacked by ${data.groupBy ? dimLabel(data.groupBy) : "nothing"}: ${keys.slice(0, 5).join(", ")}`;
  return (
    <ChartFigure
      title={`${metricLabel} by ${granularity} (${currency})`}
      summary={summary}
      testId="cost-chart"
      actions={
        <ExportButtons
          table={() => ({
            name: `cost-chart-${currency}`,
            columns: ["Period", ...keys],
            rows: rows.map((r) => [r.period, ...keys.map((k) => (r[k] === undefined ? "" : String(r[k])))]),
          })}
        />
      }
    >
      <StackedBarChart data={rows} keys={keys} otherKey="Other" xLabel={granularity === "day" ? "Day" : granularity === "week" ? "Week starting" : "Month"} yLabel={`Cost (${currency})`} format={(v) => formatCompact(v)} />
    </ChartFigure>
  );
}

function CostTable({ data, slice, metricLabel, sort, page, onSort, onPage }: {
  data: ExplorerResult;
  /** The query behind the table, for each row's "Where from?". */
  slice: { from: string; to: string; filters: Filter[]; metric: string };
  metricLabel: string;
  sort: Sort;
  page: number;
  onSort: (s: Sort) => void;
  onPage: (p: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(data.totalRows / PAGE_SIZE));
  const groupName = data.groupBy ? dimLabel(data.groupBy) : "Group";
  const ariaSort = (col: "name" | "value") =>
    sort.startsWith(col) ? (sort.endsWith("asc") ? "ascending" : "descending") : "none";
  const toggle = (col: "name" | "value") => onSort(sort === `${col}_desc` ? (`${col}_asc` as Sort) : (`${col}_desc` as Sort));
  const cols = ["billed", "effective", "list", "contracted"] as const;
  return (
    <section className="panel" aria-label="Cost table">
      <div className="row">
        <strong>{data.totalRows} rows</strong>
        <span className="muted">source: {data.source}</span>
        <span className="spacer" />
        <ExportButtons
          table={() => ({
            name: "cost-table",
            columns: [groupName, "Currency", metricLabel, "Billed", "Effective", "List", "Contracted"],
            rows: data.rows.map((r) => [label(r.group), r.currency, r.value, r.billed, r.effective, r.list, r.contracted]),
          })}
        />
      </div>
      <table aria-label="Costs by group">
        <thead>
          <tr>
            <th aria-sort={ariaSort("name")}>
              <button type="button" className="link" onClick={() => toggle("name")}>{groupName}</button>
            </th>
            <th>Currency</th>
            <th className="num" aria-sort={ariaSort("value")}>
              <button type="button" className="link" onClick={() => toggle("value")}>{metricLabel}</button>
            </th>
            <th className="num">Billed</th>
            <th className="num">Effective</th>
            <th className="num">List</th>
            <th className="num">Contracted</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r) => (
            <tr key={`${r.group}|${r.currency}`}>
              <td>
                <span className="group-label">{data.groupBy ? label(r.group) : "All costs"}</span>{" "}
                <WhereFrom {...slice} what={data.groupBy ? `${groupName}: ${label(r.group)}` : "All costs"} filters={data.groupBy ? [...slice.filters, { dim: data.groupBy, op: "in", values: [r.group] }] : slice.filters} />
              </td>
              <td>{r.currency}</td>
              <td className="num" title={originalsTitle(r.originals)}>{formatMoney(r.value, r.currency)}</td>
              {cols.map((c) => (
                <td key={c} className="num">{formatMoney(r[c], r.currency)}</td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          {data.totals.map((t) => (
            <tr key={t.currency} className="total">
              <th scope="row">Total {t.currency} <WhereFrom {...slice} what={`Total ${t.currency}`} /></th>
              <td>{t.currency}</td>
              <td className="num" data-testid={`total-${t.currency}`}>{formatMoney(t.value, t.currency)}</td>
              {cols.map((c) => (
                <td key={c} className="num">{formatMoney(t[c], t.currency)}</td>
              ))}
            </tr>
          ))}
        </tfoot>
      </table>
      <nav className="row pager" aria-label="Pages">
        <button type="button" className="small" disabled={page === 0} onClick={() => onPage(page - 1)}>Previous</button>
        <span>Page {page + 1} of {pages}</span>
        <button type="button" className="small" disabled={page + 1 >= pages} onClick={() => onPage(page + 1)}>Next</button>
      </nav>
    </section>
  );
}
