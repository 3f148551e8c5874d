"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ChartFigure } from "~/components/charts/chart-figure";
import { TreemapChart } from "~/components/charts/treemap-chart";
import { useTRPC } from "~/trpc/react";
import { ExportButtons } from "../_dashboard/export-buttons";
import { formatCompact, formatMoney, label } from "../_dashboard/format";
import { ConversionNote, originalsTitle } from "../_dashboard/reporting-currency";
import { DashboardPage, SliceControls, useSlice } from "../_dashboard/slice";
import { CurrencyNote, ErrorBlock, LoadingBlock, NoRows } from "../_dashboard/states";
import { WhereFrom } from "../_dashboard/where-from";

const HIERARCHIES = {
  service: { label: "Services", levels: ["ServiceCategory", "ServiceSubcategory", "ServiceName"] },
  account: { label: "Accounts", levels: ["BillingAccountName", "SubAccountName", "x_ResourceGroupName"] },
} as const;
type H = keyof typeof HIERARCHIES;

export function BreakdownView() {
  return <DashboardPage title="Breakdown" pdfName="breakdown" currency>{(last) => <Breakdown last={last} />}</DashboardPage>;
}

function Breakdown({ last }: { last: string }) {
  const trpc = useTRPC();
  const s = useSlice(last);
  const hierarchy: H = s.sp.get("h") === "account" ? "account" : "service";
  const path = s.sp.getAll("path").slice(0, 2);
  const q = useQuery({ ...trpc.breakdown.level.queryOptions({ ...s.slice, hierarchy, path, currency: s.currency }), placeholderData: keepPreviousData });
  const currency = q.data?.currencies.includes(s.sp.get("cur") ?? "") ? s.sp.get("cur")! : (q.data?.currencies[0] ?? "");
  const nodes = q.data?.nodes.filter((n) => n.currency === currency) ?? [];
  const levels = HIERARCHIES[hierarchy].levels;
  const drill = (name: string) => {
    if (!q.data || q.data.leaf) return;
    s.set({ path: [...path, name] });
  };
  return (
    <>
      <SliceControls last={last} slice={s}>
        <div className="row">
          <label className="inline">
            Hierarchy
            <select value={hierarchy} onChange={(e) => s.set({ h: e.target.value, path: null })}>
              <option value="service">Service category → subcategory → service</option>
              <option value="account">Billing account → sub account → resource group</option>
            </select>
          </label>
          {(q.data?.currencies.length ?? 0) > 1 && (
            <label className="inline">
              Currency
              <select value={currency} onChange={(e) => s.set({ cur: e.target.value })}>
                {q.data?.currencies.map((c) => <option key={c} value={c}>{c}</option>)}
              </select>
            </label>
          )}
        </div>
      </SliceControls>
      <nav className="breadcrumbs" aria-label="Drill-down path">
        <button type="button" className="small" onClick={() => s.set({ path: null })} aria-current={path.length === 0 ? "page" : undefined}>
          All {HIERARCHIES[hierarchy].label.toLowerCase()}
        </button>
        {path.map((p, i) => (
          <span key={`${p}-${i}`}>
            › <button type="button" className="small" onClick={() => s.set({ path: path.slice(0, i + 1) })} aria-current={i === path.length - 1 ? "page" : undefined}>{label(p)}</button>
          </span>
        ))}
      </nav>
      <ConversionNote range={s.range} filters={s.filters} />
      <ErrorBlock error={q.error} what="the breakdown" />
      {q.data && <CurrencyNote currencies={q.data.currencies} />}
      {q.isPending ? (
        <LoadingBlock height={360} />
      ) : nodes.length === 0 ? (
        <NoRows />
      ) : (
        <>
          <ChartFigure
            title={`Effective cost by ${levels[path.length]} (${currency})`}
            summary={`${nodes.length} items; largest ${label(nodes[0]!.name)} ${formatMoney(nodes[0]!.value, currency)}. ${q.data?.leaf ? "" : "Select an item to drill down."}`}
            testId="breakdown-chart"
            actions={<ExportButtons table={() => ({ name: `breakdown-${levels[path.length]}`, columns: [levels[path.length] ?? "", "Currency", "Effective cost"], rows: nodes.map((n) => [label(n.name), n.currency, n.value]) })} />}
          >
            <TreemapChart data={nodes.map((n) => ({ name: label(n.name), key: n.name, size: Number(n.value) }))} onSelect={q.data?.leaf ? undefined : (n) => drill(n.key)} format={(v) => formatCompact(v, currency)} />
          </ChartFigure>
          <table aria-label={`Breakdown by ${levels[path.length]}`}>
            <thead>
              <tr><th>{levels[path.length]}</th><th className="num">Effective cost</th><th className="num">{q.data?.leaf ? "" : `${levels[path.length + 1]} count`}</th></tr>
            </thead>
            <tbody>
              {nodes.map((n) => (
                <tr key={n.name}>
                  <td>
                    {q.data?.leaf ? label(n.name) : <button type="button" className="link" onClick={() => drill(n.name)}>{label(n.name)}</button>}{" "}
                    <WhereFrom
                      {...s.slice}
                      metric="EffectiveCost"
                      what={`${levels[path.length]}: ${label(n.name)}`}
                      filters={[...s.slice.filters, ...[...path, n.name].map((v, i) => ({ dim: levels[i]!, op: "in" as const, values: [v] }))]}
                    />
                  </td>
                  <td className="num" title={originalsTitle(n.originals)}>{formatMoney(n.value, currency)}</td>
                  <td className="num">{q.data?.leaf ? "" : n.children}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
