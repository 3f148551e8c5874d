/** Display formatting only: amounts stay decimal strings everywhere else. */
const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(value: string | number | null | undefined, currency: string, digits = 2): string {
  if (value === null || value === undefined || value === "") return "–";
  const key = `${currency}:${digits}`;
  let f = moneyFormats.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat("en-US", { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    } catch {
      f = new Intl.NumberFormat("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
    }
    moneyFormats.set(key, f);
  }
  return f.format(Number(value));
}

export function formatCompact(value: number, currency?: string): string {
  const s = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 }).format(value);
  return currency ? `${s} ${currency}` : s;
}

export function formatPct(p: number | null | undefined, digits = 1): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return "–";
  return `${p > 0 ? "+" : ""}${p.toFixed(digits)}%`;
}

export function formatShare(r: number | null | undefined): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return "–";
  return `${(r * 100).toFixed(1)}%`;
}

export const NONE_LABEL = "(none)";
export const label = (v: string) => (v === "" ? NONE_LABEL : v);

export function shiftDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
