import { addDays } from "../analytics/filters";
import type { ReportFrequency } from "../db/schema/reports";

/**
 * The period a report covers, anchored on the last day with data the recipient can see (as the
 * dashboards anchor "month to date"): daily = that day, weekly = the 7 days ending on it,
 * monthly = its calendar month up to it.
 */
export function reportPeriod(frequency: ReportFrequency, lastDay: string): { from: string; to: string } {
  if (frequency === "daily") return { from: lastDay, to: lastDay };
  if (frequency === "weekly") return { from: addDays(lastDay, -6), to: lastDay };
  return { from: `${lastDay.slice(0, 7)}-01`, to: lastDay };
}
