/** Calendar arithmetic on UTC day numbers (days since 1970-01-01); no clock reads. */

const MS_PER_DAY = 86_400_000;

export function dayNumber(year: number, month1: number, day: number): number {
  return Date.UTC(year, month1 - 1, day) / MS_PER_DAY;
}

export function parseMonth(text: string): { year: number; month: number } {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  const month = m ? Number(m[2]) : 0;
  if (!m || month < 1 || month > 12) throw new Error(`Month must look like YYYY-MM, got "${text}"`);
  return { year: Number(m[1]), month };
}

export function parseIsoDate(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new Error(`Date must look like YYYY-MM-DD, got "${text}"`);
  const d = dayNumber(Number(m[1]), Number(m[2]), Number(m[3]));
  if (isoDate(d) !== text) throw new Error(`Not a real calendar date: "${text}"`);
  return d;
}

export function addMonths(year: number, month: number, delta: number): { year: number; month: number } {
  const idx = year * 12 + (month - 1) + delta;
  return { year: Math.floor(idx / 12), month: (idx % 12) + 1 };
}

export function daysInMonth(year: number, month: number): number {
  return dayNumber(year, month + 1, 1) - dayNumber(year, month, 1);
}

function parts(day: number): { y: number; m: number; d: number } {
  const dt = new Date(day * MS_PER_DAY);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

const pad2 = (n: number) => (n < 10 ? "0" + n : String(n));

/** The EA export date format: MM/dd/yyyy. */
export function usDate(day: number): string {
  const { y, m, d } = parts(day);
  return `${pad2(m)}/${pad2(d)}/${y}`;
}

export function isoDate(day: number): string {
  const { y, m, d } = parts(day);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

export function monthKey(year: number, month: number): string {
  return `${year}-${pad2(month)}`;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}
