"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ChartFigure } from "~/components/charts/chart-figure";
import { StackedBarChart } from "~/components/charts/stacked-bar-chart";
import { useTRPC } from "~/trpc/react";
import { ExportButtons } from "../_dashboard/export-buttons";
import { formatCompact, formatMoney, formatShare } from "../_dashboard/format";
import { ConversionNote } from "../_dashboard/reporting-currency";
import { DashboardPage, SliceControls, useSlice } from "../_dashboard/slice";
import { CurrencyNote, ErrorBlock, LoadingBlock, NoRows } from "../_dashboard/states";
import { ContractBurnDown } from "./contract-burndown";

export function CommitmentsView() {
  return <DashboardPage title="Commitments" pdfName="commitments" currency>{(last) => <Commitments last={last} />}</DashboardPage>;
}

function Commitments({ last }: { last: string }) {
  const trpc = useTRPC();
  const s = useSlice(last);
  const q = useQuery({ ...trpc.commitments.summary.queryOptions({ ...s.slice, currency: s.currency }), placeholderData: keepPreviousData });
  const d = q.data;
  const currencies = [...new Set([...(d?.coverage ?? []).map((c) => c.currency), ...(d?.commitments ?? []).map((c) => c.currency)])];
  return (
    <>
      <SliceControls last={last} slice={s} />
      <ConversionNote range={s.range} filters={s.filters} />
      <ErrorBlock error={q.error} what="commitments" />
      <CurrencyNote currencies={currencies} />
      {q.isPending ? (
        <LoadingBlock height={300} />
      ) : !d ? null : (
        <>
          <div className="grid kpis">
            {d.coverage.map((c) => {
              const sv = d.savings.find((x) => x.currency === c.currency);
              const used = d.commitments.filter((x) => x.currency === c.currency);
              const usedSum = used.reduce((a, x) => a + Number(x.used), 0);
              const unusedSum = used.reduce((a, x) => a + Number(x.unused), 0);
              return [
                <Kpi key={`u${c.currency}`} title={`Utilisation (${c.currency})`} value={formatShare(usedSum + unusedSum > 0 ? usedSum / (usedSum + unusedSum) : null)} note={`unused ${formatMoney(sv?.unused ?? "0", c.currency, 0)}`} testId="kpi-utilisation" />,
                <Kpi key={`c${c.currency}`} title={`Coverage (${c.currency})`} value={formatShare(c.coverage)} note={`${formatMoney(c.covered, c.currency, 0)} covered, ${formatMoney(c.onDemandEligible, c.currency, 0)} on demand`} testId="kpi-coverage" />,
                <Kpi key={`s${c.currency}`} title={`Savings vs list (${c.currency})`} value={formatMoney(sv?.savingsVsList ?? "0", c.currency, 0)} note={`vs contracted ${formatMoney(sv?.savingsVsContracted ?? "0", c.currency, 0)} · net of unused ${formatMoney(sv?.net ?? "0", c.currency, 0)}`} testId="kpi-savings" />,
              ];
            })}
          </div>
          {currencies.map((cur) => {
            const rows = d.daily.filter((x) => x.currency === cur).map((x) => ({ period: x.day, Used: Number(x.used), Unused: Number(x.unused), "On demand (all services)": Number(x.onDemand) }));
            return (
              <ChartFigure
                key={cur}
                title={`Commitment-covered, unused and on-demand usage cost (${cur})`}
                summary={`${rows.length} days. Used ${formatMoney(String(rows.reduce((a, r) => a + r.Used, 0)), cur, 0)}, unused ${formatMoney(String(rows.reduce((a, r) => a + r.Unused, 0)), cur, 0)}.`}
                testId="commitment-chart"
                actions={<ExportButtons table={() => ({ name: `commitment-daily-${cur}`, columns: ["Day", "Used", "Unused", "On demand"], rows: d.daily.filter((x) => x.currency === cur).map((x) => [x.day, x.used, x.unused, x.onDemand]) })} />}
              >
                <StackedBarChart data={rows} keys={["Used", "Unused", "On demand (all services)"]} colors={{ Used: "#18864b", Unused: "#c53030", "On demand (all services)": "#a0aec0" }} xLabel="Day" yLabel={`Cost (${cur})`} format={(v) => formatCompact(v)} />
              </ChartFigure>
            );
          })}
          <section className="panel" aria-label="Commitments">
            <div className="row">
              <strong>Reservations and savings plans</strong>
              <span className="spacer" />
              <ExportButtons table={() => ({ name: "commitments", columns: ["Commitment", "Type", "Currency", "Used", "Unused", "Utilisation", "Savings vs list", "Savings vs contracted", "Purchased"], rows: d.commitments.map((c) => [c.name || c.id, c.type, c.currency, c.used, c.unused, c.utilisation === null ? "" : c.utilisation.toFixed(4), c.savingsVsList, c.savingsVsContracted, c.purchased]) })} />
            </div>
            {d.commitments.length === 0 ? (
              <NoRows>No reservation or savings-plan rows in this range. Amortized (EffectiveCost) data is needed to see commitment usage.</NoRows>
            ) : (
              <table aria-label="Commitment utilisation">
                <thead><tr><th>Commitment</th><th>Type</th><th className="num">Used</th><th className="num">Unused</th><th className="num">Utilisation</th><th className="num">Savings vs list</th><th className="num">vs contracted</th><th className="num">Purchased (billed)</th></tr></thead>
                <tbody>
                  {d.commitments.map((c) => (
                    <tr key={`${c.id}|${c.currency}`}>
                      <td title={c.id}>{c.name || c.id}</td>
                      <td>{c.type}</td>
                      <td className="num">{formatMoney(c.used, c.currency)}</td>
                      <td className="num">{formatMoney(c.unused, c.currency)}</td>
                      <td className={`num ${c.utilisation !== null && c.utilisation < 0.8 ? "up" : ""}`}>{formatShare(c.utilisation)}</td>
                      <td className="num">{formatMoney(c.savingsVsList, c.currency)}</td>
                      <td className="num">{formatMoney(c.savingsVsContracted, c.currency)}</td>
                      <td className="num">{formatMoney(c.purchased, c.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
      <ContractBurnDown />
    </>
  );
}

function Kpi({ title, value, note, testId }: { title: string; value: string; note: string; testId: string }) {
  return (
    <div className="panel kpi" data-testid={testId}>
      <div className="muted">{title}</div>
      <div className="kpi-value">{value}</div>
      <div className="muted small-text">{note}</div>
    </div>
  );
}
