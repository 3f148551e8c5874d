/** Calendar periods on ISO days (UTC). */
import { addDays } from "./filters";

export type PeriodKind = "monthly" | "quarterly" | "yearly";
export type Period = { start: string; end: string };

const pad = (n: number) => String(n).padStart(2, "0");
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** First day of the month `n` months after the month of `day`. */
export function addMonths(day: string, n: number): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + n;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return ymd(yy, mm + 1, 1);
}

export function monthEnd(day: string): string {
  return addDays(addMonths(day, 1), -1);
}

export function periodOf(day: string, kind: PeriodKind): Period {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  if (kind === "monthly") return { start: monthStart(day), end: monthEnd(day) };
  if (kind === "quarterly") {
    const qm = Math.floor((m - 1) / 3) * 3 + 1;
    const start = ymd(y, qm, 1);
    return { start, end: addDays(addMonths(start, 3), -1) };
  }
  return { start: ymd(y, 1, 1), end: ymd(y, 12, 31) };
}

/** The `count` complete periods before the one containing `day`, newest first. */
export function previousPeriods(day: string, kind: PeriodKind, count: number): Period[] {
  const out: Period[] = [];
  let cur = periodOf(day, kind);
  for (let i = 0; i < count; i++) {
    cur = periodOf(addDays(cur.start, -1), kind);
    out.push(cur);
  }
  return out;
}

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
