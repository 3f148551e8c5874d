"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ChartFigure } from "~/components/charts/chart-figure";
import { TrendChart, type TrendDatum } from "~/components/charts/trend-chart";
import { useTRPC, type RouterOutputs } from "~/trpc/react";
import { ExportButtons, PdfButton } from "./_dashboard/export-buttons";
import { PrintHeader } from "./_dashboard/print-header";
import { formatCompact, formatMoney, formatPct, formatShare } from "./_dashboard/format";
import { CurrencyNote, EmptyData, ErrorBlock, LoadingBlock } from "./_dashboard/states";
import { WhereFrom } from "./_dashboard/where-from";
import { ConversionNote, CurrencySelect, useReportingCurrency } from "./_dashboard/reporting-currency";

type OverviewData = NonNullable<RouterOutputs["overview"]["get"]>;

export function OverviewView() {
  const trpc = useTRPC();
  const currency = useReportingCurrency();
  const q = useQuery(trpc.overview.get.queryOptions(currency ? { currency } : undefined));
  return (
    <>
      <div className="row page-heading">
        <h1>Overview</h1>
        <span className="spacer" />
        {q.data && <span className="muted">Data through {q.data.asOf}</span>}
        <CurrencySelect />
        <PdfButton name="overview" />
      </div>
      {q.data && <PrintHeader title="Overview" settings={[`Month to date, data through ${q.data.asOf}`]} />}
      {q.data && <ConversionNote range={{ from: q.data.month.start, to: q.data.asOf }} />}
      <ErrorBlock error={q.error} what="the overview" />
      {q.isPending ? (
        <div className="grid">
          {[0, 1, 2, 3].map((i) => <LoadingBlock key={i} height={110} />)}
        </div>
      ) : q.data === null ? (
        <EmptyData />
      ) : q.data ? (
        <OverviewBody data={q.data} />
      ) : null}
    </>
  );
}

function OverviewBody({ data }: { data: OverviewData }) {
  const [currency, setCurrency] = useState(data.kpis[0]?.currency ?? "");
  const k = data.kpis.find((x) => x.currency === currency) ?? data.kpis[0];
  if (!k) return <EmptyData what="cost in this month" />;
  const money = (v: string) => formatMoney(v, k.currency, 0);
  const trend: TrendDatum[] = [
    ...data.trend.filter((t) => t.currency === k.currency).map((t) => ({ day: t.day, actual: Number(t.effective) })),
    ...data.forecastTrend.filter((t) => t.currency === k.currency).map((t) => ({ day: t.day, forecast: t.mean, band: [Math.max(0, t.lo), t.hi] as [number, number] })),
  ];
  const top = data.topServices.filter((s) => s.currency === k.currency);
  const movers = data.movers.filter((m) => m.currency === k.currency);
  const monthName = new Date(`${data.month.start}T00:00:00Z`).toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
  return (
    <>
      <CurrencyNote currencies={data.kpis.map((x) => x.currency)} />
      {data.kpis.length > 1 && (
        <label className="inline">
          Currency
          <select value={k.currency} onChange={(e) => setCurrency(e.target.value)}>
            {data.kpis.map((x) => <option key={x.currency} value={x.currency}>{x.currency}</option>)}
          </select>
        </label>
      )}
      <div className="grid kpis">
        <Kpi title={`Month to date (${monthName})`} value={money(k.mtdEffective)} note={`billed ${money(k.mtdBilled)} · effective (amortized) shown`} testId="kpi-mtd" whereFrom={{ from: data.month.start, to: data.asOf, metric: "EffectiveCost", what: `Month to date (${monthName})` }} />
        <Kpi title="Forecast for the month" value={money(k.forecast.mean)} note={`90% interval ${money(k.forecast.lo)} – ${money(k.forecast.hi)}`} testId="kpi-forecast" />
        <Kpi
          title="Change vs last month"
          value={formatPct(k.changePct)}
          note={`same days last month: ${money(k.prevMtdEffective)} · full last month ${money(k.prevMonthEffective)}`}
          tone={k.changePct !== null && k.changePct > 0 ? "up" : "down"}
          testId="kpi-change"
        />
        <Kpi title="Savings (list − effective)" value={money(k.savings)} note={`list ${money(k.mtdList)}`} testId="kpi-savings" whereFrom={{ from: data.month.start, to: data.asOf, metric: "Savings", what: "Savings (list − effective)" }} />
        <Kpi
          title="Commitment coverage"
          value={formatShare(k.coverage?.coverage)}
          note={k.coverage ? `${money(k.coverage.covered)} covered of eligible usage` : "no commitment-eligible usage"}
          testId="kpi-coverage"
        />
      </div>

      <ChartFigure
        title={`Daily effective cost and forecast (${k.currency})`}
        summary={`${trend.filter((t) => t.actual !== undefined).length} days of actual cost and ${trend.filter((t) => t.forecast !== undefined).length} forecast days up to ${data.month.end}`}
        testId="trend-chart"
        actions={<ExportButtons table={() => ({ name: `daily-trend-${k.currency}`, columns: ["Day", "Actual", "Forecast", "Low", "High"], rows: trend.map((t) => [t.day, t.actual ?? "", t.forecast ?? "", t.band?.[0] ?? "", t.band?.[1] ?? ""]) })} />}
      >
        <TrendChart data={trend} yLabel={`Cost (${k.currency})`} format={(v) => formatCompact(v)} />
      </ChartFigure>

      <div className="grid two">
        <section className="panel" aria-label="Top services">
          <div className="row">
            <strong>Top services this month</strong>
            <span className="spacer" />
            <ExportButtons table={() => ({ name: "top-services", columns: ["Service", "Currency", "Effective cost"], rows: top.map((s) => [s.service, s.currency, s.cost]) })} />
          </div>
          <table aria-label="Top services this month">
            <thead><tr><th>Service</th><th className="num">Effective cost</th><th>Share</th></tr></thead>
            <tbody>
              {top.map((s) => {
                const share = Number(s.cost) / Math.max(1e-9, Number(k.mtdEffective));
                return (
                  <tr key={s.service}>
                    <td><Link href={`/costs?group=ServiceName&f=${encodeURIComponent(JSON.stringify(["ServiceName", "in", [s.service]]))}`}>{s.service}</Link></td>
                    <td className="num">{money(s.cost)}</td>
                    <td><span className="bar" style={{ width: `${Math.max(2, share * 100)}%` }} aria-label={formatShare(share)} /></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
        <section className="panel" aria-label="Biggest movers">
          <div className="row">
            <strong>Biggest movers vs the same days last month</strong>
            <span className="spacer" />
            <ExportButtons table={() => ({ name: "movers", columns: ["Service", "Currency", "This month", "Last month", "Change"], rows: movers.map((m) => [m.service, m.currency, m.current, m.previous, m.delta]) })} />
          </div>
          <table aria-label="Biggest movers">
            <thead><tr><th>Service</th><th className="num">This month</th><th className="num">Last month</th><th className="num">Change</th></tr></thead>
            <tbody>
              {movers.map((m) => (
                <tr key={m.service}>
                  <td>{m.service}</td>
                  <td className="num">{money(m.current)}</td>
                  <td className="num">{money(m.previous)}</td>
                  <td className={`num ${Number(m.delta) > 0 ? "up" : "down"}`}>{money(m.delta)} ({formatPct(m.changePct)})</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </>
  );
}

function Kpi({ title, value, note, tone, testId, whereFrom }: { title: string; value: string; note: string; tone?: "up" | "down"; testId: string; whereFrom?: Parameters<typeof WhereFrom>[0] }) {
  return (
    <div className="panel kpi" data-testid={testId}>
      <div className="muted">{title}</div>
      <div className={`kpi-value ${tone ?? ""}`}>{value}</div>
      <div className="muted small-text">{note}</div>
      {whereFrom && <WhereFrom {...whereFrom} />}
    </div>
  );
}
