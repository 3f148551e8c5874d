import type { StackedDatum } from "~/components/charts/stacked-bar-chart";
import type { ExplorerResult } from "~/domain/analytics/explorer";
import { label } from "./format";

/**
 * An explorer result in one currency as stacked-bar rows: one row per period, one key per group
 * ("Total" when ungrouped, "Other" for the folded tail). Keys run largest total first, "Other" last.
 */
export function stackedSeries(data: ExplorerResult, currency: string): { rows: StackedDatum[]; keys: string[] } {
  const byPeriod = new Map<string, StackedDatum>();
  const totals = new Map<string, number>();
  for (const s of data.series.filter((x) => x.currency === currency)) {
    const key = s.other ? "Other" : data.groupBy ? label(s.group) : "Total";
    const d = byPeriod.get(s.period) ?? { period: s.period };
    d[key] = ((d[key] as number | undefined) ?? 0) + Number(s.value);
    byPeriod.set(s.period, d);
    totals.set(key, (totals.get(key) ?? 0) + Number(s.value));
  }
  const keys = [...totals.keys()].sort((a, b) => (a === "Other" ? 1 : b === "Other" ? -1 : (totals.get(b) ?? 0) - (totals.get(a) ?? 0)));
  return { rows: [...byPeriod.values()], keys };
}
