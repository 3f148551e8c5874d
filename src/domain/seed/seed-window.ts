import { addMonths, dayNumber, daysInMonth, isoDate, monthKey, parseIsoDate, parseMonth } from "./calendar";

export interface SeedMonth {
  key: string;
  year: number;
  month: number;
  /** First and last day of the billing period (day numbers). */
  periodStart: number;
  periodEnd: number;
  /** Days generated: [startDay, endDay). Shorter than the period for a month-to-date export. */
  startDay: number;
  endDay: number;
}

/**
 * The billing months to generate. Without `endMonth` the current UTC month is generated through
 * yesterday, like a month-to-date export (on the 1st, the previous month is the last one).
 */
export function resolveSeedMonths(opts: { months: number; endMonth?: string; throughDate?: string }, now: Date = new Date()): SeedMonth[] {
  if (!Number.isInteger(opts.months) || opts.months < 1 || opts.months > 120) {
    throw new Error(`months must be a whole number from 1 to 120, got ${opts.months}`);
  }
  let end: { year: number; month: number };
  let through: number | undefined = opts.throughDate === undefined ? undefined : parseIsoDate(opts.throughDate);
  if (opts.endMonth !== undefined) {
    end = parseMonth(opts.endMonth);
  } else {
    const yesterday = dayNumber(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate()) - 1;
    through ??= yesterday;
    const [y, m] = isoDate(through).split("-").map(Number) as [number, number];
    end = { year: y, month: m };
  }
  const endStart = dayNumber(end.year, end.month, 1);
  const endLast = endStart + daysInMonth(end.year, end.month) - 1;
  if (through !== undefined && (through < endStart || through > endLast)) {
    throw new Error(`throughDate ${isoDate(through)} must fall inside the last month ${monthKey(end.year, end.month)}`);
  }
  const out: SeedMonth[] = [];
  for (let i = opts.months - 1; i >= 0; i--) {
    const { year, month } = addMonths(end.year, end.month, -i);
    const periodStart = dayNumber(year, month, 1);
    const periodEnd = periodStart + daysInMonth(year, month) - 1;
    const last = i === 0 && through !== undefined ? through : periodEnd;
    out.push({ key: monthKey(year, month), year, month, periodStart, periodEnd, startDay: periodStart, endDay: last + 1 });
  }
  return out;
}
