/** Billing-month arithmetic; no imports, so the Temporal workflow bundle can use it too. */

/** Longest backfill: Azure keeps 13 months of cost details. */
export const MAX_BACKFILL_MONTHS = 13;

/** Billing months from `from` to `to` inclusive, as YYYY-MM (empty when from is after to). */
export function monthsBetweenInclusive(from: string, to: string): string[] {
  const [fy, fm] = from.split("-").map(Number) as [number, number];
  const [ty, tm] = to.split("-").map(Number) as [number, number];
  const out: string[] = [];
  for (let i = fy * 12 + fm - 1; i <= ty * 12 + tm - 1; i++) out.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`);
  return out;
}

/** The current UTC month, or `back` months before it, as YYYY-MM. */
export function monthsAgo(back: number, now = new Date()): string {
  const i = now.getUTCFullYear() * 12 + now.getUTCMonth() - back;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
}
