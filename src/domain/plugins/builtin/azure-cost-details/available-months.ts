import { costDetailsPeriod, COST_DETAILS_MONTHS_BACK } from "../../../sources/azure-cost-details/billing-month";
import type { AvailableMonths } from "../../contract";

const label = (d: Date) => d.toISOString().slice(0, 7);

/** The Cost Details API serves the current month and the 12 before it (costDetailsPeriod). */
export function listAvailableMonths(now: Date): AvailableMonths {
  const months: string[] = [];
  for (let back = COST_DETAILS_MONTHS_BACK; back >= 0; back--) months.push(label(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1))));
  return {
    months,
    why(month) {
      try {
        costDetailsPeriod(month, now);
        return `${month} is served by the Cost Details API`;
      } catch (err) {
        return (err as Error).message;
      }
    },
  };
}
