/**
 * Forecasting of daily cost (estimates, so plain floats; actuals stay exact decimals).
 * Method (docs/analytics.md): each future day is the mean of the same weekday over the last
 * 4 weeks of history; the prediction interval comes from the residual spread of that history
 * around its weekday means, widened by √n for an n-day total (independent daily errors).
 * Accuracy is measured by backtesting the same method on past periods (MAPE).
 */
import { addDays, dayMs } from "./filters";

export type DailyValue = { day: string; value: number };
export type ForecastPoint = { day: string; mean: number; lo: number; hi: number };
export type Forecast = { points: ForecastPoint[]; total: { mean: number; lo: number; hi: number }; sigma: number; historyDays: number };

/** z of a two-sided 90 % interval. */
export const Z90 = 1.6449;
export const HISTORY_DAYS = 28;

export function weekdayOf(day: string): number {
  return new Date(dayMs(day)).getUTCDay();
}

/** Dense daily values for [from, to] (missing days = 0). */
export function denseSeries(values: Map<string, number>, from: string, to: string): DailyValue[] {
  const out: DailyValue[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push({ day: d, value: values.get(d) ?? 0 });
  return out;
}

export type Baseline = { byWeekday: number[]; sigma: number; n: number };

/** Weekday means and residual sigma of a dense history (use the last HISTORY_DAYS days). */
export function weekdayBaseline(history: DailyValue[]): Baseline {
  const h = history.slice(-HISTORY_DAYS);
  const n = h.length;
  if (n === 0) return { byWeekday: new Array(7).fill(0), sigma: 0, n: 0 };
  const overall = h.reduce((a, x) => a + x.value, 0) / n;
  const sums = new Array(7).fill(0);
  const counts = new Array(7).fill(0);
  for (const x of h) {
    const w = weekdayOf(x.day);
    sums[w] += x.value;
    counts[w] += 1;
  }
  // With under two weeks of history a weekday mean rests on one day: use the overall mean.
  const weekdayAware = n >= 14;
  const byWeekday = sums.map((s, w) => (weekdayAware && counts[w] > 0 ? s / counts[w] : overall));
  const residuals = h.map((x) => x.value - (byWeekday[weekdayOf(x.day)] as number));
  const dof = Math.max(1, n - (weekdayAware ? 7 : 1));
  const sigma = Math.sqrt(residuals.reduce((a, r) => a + r * r, 0) / dof);
  return { byWeekday, sigma, n };
}

/** Forecast of each day in [from, to] from a dense history ending the day before `from`. */
export function forecastDays(history: DailyValue[], from: string, to: string): Forecast {
  const b = weekdayBaseline(history);
  const points: ForecastPoint[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const mean = b.byWeekday[weekdayOf(d)] as number;
    points.push({ day: d, mean, lo: mean - Z90 * b.sigma, hi: mean + Z90 * b.sigma });
  }
  const mean = points.reduce((a, p) => a + p.mean, 0);
  const half = Z90 * b.sigma * Math.sqrt(points.length);
  return { points, total: { mean, lo: mean - half, hi: mean + half }, sigma: b.sigma, historyDays: b.n };
}

/**
 * Forecast of a period's total at `asOf`: actual through asOf + forecast of the rest.
 * `daily` must cover at least HISTORY_DAYS before asOf where data exists.
 */
export function forecastPeriodTotal(daily: Map<string, number>, period: { start: string; end: string }, asOf: string, firstDataDay: string) {
  const histFrom = [addDays(asOf, -(HISTORY_DAYS - 1)), firstDataDay].sort().at(-1) as string;
  const actual = denseSeries(daily, period.start, asOf < period.end ? asOf : period.end).reduce((a, x) => a + x.value, 0);
  if (asOf >= period.end) return { actual, mean: actual, lo: actual, hi: actual, remainingDays: 0 };
  const f = forecastDays(denseSeries(daily, histFrom, asOf), addDays(asOf, 1), period.end);
  return { actual, mean: actual + f.total.mean, lo: actual + f.total.lo, hi: actual + f.total.hi, remainingDays: f.points.length };
}

export type BacktestSample = { period: string; actual: number; forecast: number; ape: number };

/**
 * Backtest: for each past period, forecast its total from the same number of elapsed days as
 * today and compare with what it turned out to be. MAPE = mean |forecast − actual| / |actual|.
 */
export function backtest(
  daily: Map<string, number>,
  periods: { start: string; end: string }[],
  elapsedDays: number,
  firstDataDay: string,
): { mape: number | null; samples: BacktestSample[] } {
  const samples: BacktestSample[] = [];
  for (const p of periods) {
    const cut = addDays(p.start, Math.max(0, elapsedDays - 1));
    if (cut >= p.end || addDays(cut, -6) < firstDataDay) continue; // need a week of history
    const actual = denseSeries(daily, p.start, p.end).reduce((a, x) => a + x.value, 0);
    if (Math.abs(actual) < 1e-9) continue;
    const f = forecastPeriodTotal(daily, p, cut, firstDataDay);
    samples.push({ period: p.start, actual, forecast: f.mean, ape: Math.abs(f.mean - actual) / Math.abs(actual) });
  }
  const mape = samples.length ? samples.reduce((a, s) => a + s.ape, 0) / samples.length : null;
  return { mape, samples };
}
