/**
 * Overview: month-to-date cost, forecast for the month, change vs the same days of last month,
 * savings (list − effective), commitment coverage, daily trend, top services, biggest movers.
 * Everything is per billing currency; "today" is the last day with data.
 */
import { commitmentCoverage, type CoverageRow } from "./commitments";
import { dec } from "./decimal";
import { addDays } from "./filters";
import { compileSlice, sliceWhere, withRange } from "./compiled-slice";
import { denseSeries, forecastDays, forecastPeriodTotal } from "./forecast";
import { dataDays } from "./latest-day";
import { Params } from "./params";
import { addMonths, monthEnd, monthStart } from "./periods";
import { pickSource, runQuery, type AnalyticsContext } from "./run";

export type CurrencyKpis = {
  currency: string;
  mtdEffective: string;
  mtdBilled: string;
  mtdList: string;
  savings: string;
  prevMtdEffective: string;
  prevMonthEffective: string;
  changePct: number | null;
  forecast: { mean: string; lo: string; hi: string };
  coverage: CoverageRow | null;
};

export type TrendPoint = { day: string; currency: string; effective: string; billed: string; forecast?: boolean };
export type ServiceCost = { service: string; currency: string; cost: string };
export type Mover = { service: string; currency: string; current: string; previous: string; delta: string; changePct: number | null };

export type Overview = {
  asOf: string;
  month: { start: string; end: string };
  previous: { start: string; end: string };
  kpis: CurrencyKpis[];
  trend: TrendPoint[];
  forecastTrend: { day: string; currency: string; mean: number; lo: number; hi: number }[];
  topServices: ServiceCost[];
  movers: Mover[];
} | null;

export async function overview(ctx: AnalyticsContext): Promise<Overview> {
  const days = await dataDays(ctx);
  if (!days) return null;
  const asOf = days.last;
  const start = monthStart(asOf);
  const end = monthEnd(asOf);
  const prevStart = addMonths(asOf, -1);
  const prevEnd = addDays(start, -1);
  const dayOfMonth = Number(asOf.slice(8, 10));
  const prevSameDay = [addDays(prevStart, dayOfMonth - 1), prevEnd].sort()[0] as string;
  const from = [prevStart, addDays(asOf, -34)].sort()[0] as string;

  const src = await pickSource(ctx, ["ServiceName"]);
  // the scope compiled once; each statement rebinds only its days
  const slice = compileSlice({ from, to: asOf }, ctx.scope, src);
  const dp = new Params();
  const dailySql = `SELECT toString(toDate(ChargePeriodStart)) AS day, BillingCurrency AS currency,
  sum(EffectiveCost) AS effective, sum(BilledCost) AS billed, sum(ListCost) AS list
FROM ${src.table} WHERE ${sliceWhere(slice, dp)} GROUP BY day, currency ORDER BY day, currency`;

  const sp = new Params();
  const topSql = `SELECT ServiceName AS service, BillingCurrency AS currency, sum(EffectiveCost) AS cost
FROM ${src.table} WHERE ${sliceWhere(withRange(slice, { from: start, to: asOf }), sp)}
GROUP BY service, currency ORDER BY cost DESC, service LIMIT 5 BY currency`;

  const mp = new Params();
  const cur = `ChargePeriodStart >= ${mp.bind(`${start} 00:00:00`, "DateTime")}`;
  const moversSql = `SELECT ServiceName AS service, BillingCurrency AS currency, sumIf(EffectiveCost, ${cur}) AS current,
  sumIf(EffectiveCost, NOT (${cur})) AS previous, current - previous AS delta
FROM ${src.table} WHERE ${sliceWhere(withRange(slice, { from: prevStart, to: asOf }), mp, [
    `ChargePeriodStart >= ${mp.bind(`${start} 00:00:00`, "DateTime")} OR ChargePeriodStart < ${mp.bind(`${addDays(prevSameDay, 1)} 00:00:00`, "DateTime")}`,
  ])}
GROUP BY service, currency ORDER BY abs(delta) DESC, service LIMIT 5 BY currency`;

  const [daily, top, movers, coverage] = await Promise.all([
    runQuery<{ day: string; currency: string; effective: string; billed: string; list: string }>(ctx, { name: "overview.daily", sql: dailySql, params: dp, source: src.source }),
    runQuery<ServiceCost>(ctx, { name: "overview.topServices", sql: topSql, params: sp, source: src.source }),
    runQuery<Omit<Mover, "changePct">>(ctx, { name: "overview.movers", sql: moversSql, params: mp, source: src.source }),
    commitmentCoverage(ctx, withRange(slice, { from: start, to: asOf })),
  ]);

  const currencies = [...new Set(daily.map((d) => d.currency))];
  const kpis: CurrencyKpis[] = [];
  const forecastTrend: { day: string; currency: string; mean: number; lo: number; hi: number }[] = [];
  for (const c of currencies) {
    const rows = daily.filter((d) => d.currency === c);
    const inRange = (a: string, b: string) => rows.filter((r) => r.day >= a && r.day <= b);
    const mtd = inRange(start, asOf);
    const prevMtd = inRange(prevStart, prevSameDay);
    const mtdEffective = dec.add(...mtd.map((r) => r.effective));
    const prevMtdEffective = dec.add(...prevMtd.map((r) => r.effective));
    const mtdList = dec.add(...mtd.map((r) => r.list));
    const series = new Map(rows.map((r) => [r.day, dec.toEstimate(r.effective)]));
    const f = forecastPeriodTotal(series, { start, end }, asOf, days.first);
    // the forecast adds estimates to the exact month-to-date; keep the exact part exact
    const rest = (x: number) => dec.round(dec.add(mtdEffective, dec.fromEstimate(x - f.actual)), 2);
    const ratio = dec.ratio(dec.sub(mtdEffective, prevMtdEffective), prevMtdEffective);
    kpis.push({
      currency: c,
      mtdEffective,
      mtdBilled: dec.add(...mtd.map((r) => r.billed)),
      mtdList,
      savings: dec.sub(mtdList, mtdEffective),
      prevMtdEffective,
      prevMonthEffective: dec.add(...inRange(prevStart, prevEnd).map((r) => r.effective)),
      changePct: ratio === null ? null : ratio * 100,
      forecast: { mean: rest(f.mean), lo: rest(f.lo), hi: rest(f.hi) },
      coverage: coverage.find((r) => r.currency === c) ?? null,
    });
    if (asOf < end) {
      const hist = denseSeries(series, [addDays(asOf, -27), days.first].sort().at(-1) as string, asOf);
      for (const p of forecastDays(hist, addDays(asOf, 1), end).points) forecastTrend.push({ ...p, currency: c });
    }
  }
  // biggest currency first
  kpis.sort((a, b) => dec.cmp(b.mtdEffective, a.mtdEffective));

  return {
    asOf,
    month: { start, end },
    previous: { start: prevStart, end: prevEnd },
    kpis,
    trend: daily.map((d) => ({ day: d.day, currency: d.currency, effective: d.effective, billed: d.billed })),
    forecastTrend,
    topServices: top,
    movers: movers.map((m) => {
      const r = dec.ratio(m.delta, m.previous);
      return { ...m, changePct: r === null ? null : r * 100 };
    }),
  };
}
