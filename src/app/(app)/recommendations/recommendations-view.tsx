"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { ChartFigure } from "~/components/charts/chart-figure";
import { StackedBarChart } from "~/components/charts/stacked-bar-chart";
import { useTRPC } from "~/trpc/react";
import { ExportButtons } from "../_dashboard/export-buttons";
import { formatCompact, formatMoney } from "../_dashboard/format";
import { ConversionNote } from "../_dashboard/reporting-currency";
import { DashboardPage, SliceControls, useSlice } from "../_dashboard/slice";
import { CurrencyNote, ErrorBlock, LoadingBlock, NoRows } from "../_dashboard/states";

const KIND_LABEL: Record<string, string> = {
  "unused-commitment": "Unused commitment",
  "idle-resource": "Cost with near-zero usage",
  "untagged-spend": "Untagged spend",
  "coverage-gap": "Coverage gap",
};

export function RecommendationsView() {
  return <DashboardPage title="Recommendations" pdfName="recommendations" currency>{(last) => <Recommendations last={last} />}</DashboardPage>;
}

function Recommendations({ last }: { last: string }) {
  const trpc = useTRPC();
  const s = useSlice(last);
  const q = useQuery({ ...trpc.recommendations.list.queryOptions({ ...s.slice, currency: s.currency }), placeholderData: keepPreviousData });
  const [open, setOpen] = useState<number | null>(null);
  const recs = q.data ?? [];
  const currencies = [...new Set(recs.map((r) => r.currency))];
  const chart = currencies.map((c) => {
    const row: { period: string } & Record<string, number | string> = { period: c };
    for (const r of recs.filter((x) => x.currency === c)) row[KIND_LABEL[r.kind] ?? r.kind] = ((row[KIND_LABEL[r.kind] ?? r.kind] as number | undefined) ?? 0) + Number(r.amount);
    return row;
  });
  return (
    <>
      <SliceControls last={last} slice={s} />
      <ConversionNote range={s.range} filters={s.filters} />
      <ErrorBlock error={q.error} what="recommendations" />
      <CurrencyNote currencies={currencies} />
      {q.isPending ? (
        <LoadingBlock />
      ) : recs.length === 0 ? (
        <NoRows>No recommendations for this range: no unused commitments, idle resources, untagged spend or coverage gaps found.</NoRows>
      ) : (
        <>
          <ChartFigure title="Cost at stake by kind" summary={`${recs.length} recommendations in ${currencies.join(", ")}`} testId="recommendations-chart"
            actions={<ExportButtons table={() => ({ name: "recommendations", columns: ["Kind", "Title", "Currency", "Amount", "Detail"], rows: recs.map((r) => [KIND_LABEL[r.kind] ?? r.kind, r.title, r.currency, r.amount, r.detail]) })} />}>
            <StackedBarChart data={chart} keys={Object.values(KIND_LABEL)} xLabel="Currency" yLabel="Amount" format={(v) => formatCompact(v)} height={220} />
          </ChartFigure>
          <table aria-label="Recommendations">
            <thead><tr><th>Kind</th><th>Recommendation</th><th className="num">Cost at stake / saving</th><th>Evidence</th></tr></thead>
            <tbody>
              {recs.map((r, i) => (
                <Fragment key={`r${i}`}>
                  <tr className={open === i ? "selected" : ""}>
                    <td><span className="badge">{KIND_LABEL[r.kind] ?? r.kind}</span></td>
                    <td><strong>{r.title}</strong><div className="muted small-text">{r.detail}</div></td>
                    <td className="num">{formatMoney(r.amount, r.currency)}</td>
                    <td className="row">
                      <button type="button" className="small" aria-expanded={open === i} onClick={() => setOpen(open === i ? null : i)}>{open === i ? "Hide rows" : `${r.evidence.rows.length} rows`}</button>
                      <ExportButtons table={() => ({ name: `evidence-${r.kind}-${i + 1}`, columns: r.evidence.columns, rows: r.evidence.rows })} />
                    </td>
                  </tr>
                  {open === i && (
                    <tr>
                      <td colSpan={4}>
                        <table aria-label={`Evidence for ${r.title}`}>
                          <thead><tr>{r.evidence.columns.map((c) => <th key={c}>{c}</th>)}</tr></thead>
                          <tbody>{r.evidence.rows.map((row, j) => <tr key={j}>{row.map((v, k) => <td key={k}>{String(v)}</td>)}</tr>)}</tbody>
                        </table>
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
