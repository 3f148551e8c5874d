import { InvalidSourceRequestError } from "../shared/errors";

/** Cost Details serves at most 13 months: the current month and the 12 before it. */
export const COST_DETAILS_MONTHS_BACK = 12;

export interface MonthPeriod {
  month: string;
  /** yyyy-MM-dd, inclusive. */
  start: string;
  end: string;
}

const pad = (n: number) => String(n).padStart(2, "0");
const isoDate = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const monthIndex = (y: number, m: number) => y * 12 + (m - 1);
const monthLabel = (idx: number) => `${Math.floor(idx / 12)}-${pad((idx % 12) + 1)}`;

export function parseBillingMonth(month: string): { year: number; month: number } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const mm = m ? Number(m[2]) : 0;
  if (!m || mm < 1 || mm > 12) {
    throw new InvalidSourceRequestError(`Billing month "${month}" must look like YYYY-MM, for example 2026-03`);
  }
  return { year: Number(m[1]), month: mm };
}

/**
 * The time period of one billing month for the Cost Details API, refusing months the API will
 * not serve (older than 13 months, or in the future). The current month ends today (UTC).
 */
export function costDetailsPeriod(month: string, now: Date = new Date()): MonthPeriod {
  const { year, month: mm } = parseBillingMonth(month);
  const requested = monthIndex(year, mm);
  const current = monthIndex(now.getUTCFullYear(), now.getUTCMonth() + 1);
  const earliest = current - COST_DETAILS_MONTHS_BACK;
  if (requested > current) {
    throw new InvalidSourceRequestError(
      `Billing month ${month} is in the future (today is ${isoDate(now)}); Cost Details has no data for it yet`,
    );
  }
  if (requested < earliest) {
    throw new InvalidSourceRequestError(
      `Billing month ${month} is more than 13 months back: the Azure Cost Details API only serves ` +
        `${monthLabel(earliest)} to ${monthLabel(current)} (today is ${isoDate(now)}). ` +
        `Load older months from a Cost Management export instead.`,
    );
  }
  const start = new Date(Date.UTC(year, mm - 1, 1));
  const lastDay = new Date(Date.UTC(year, mm, 0));
  const end = requested === current ? new Date(Math.min(lastDay.getTime(), now.getTime())) : lastDay;
  return { month, start: isoDate(start), end: isoDate(end) };
}
