"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useSearchParams } from "next/navigation";
import { useTRPC } from "~/trpc/react";
import { formatMoney, shiftDays } from "./format";
import { readRange } from "./url-state";

/** Pages whose figures come from the fact table, so quarantined rows are missing from them. */
const DASHBOARDS = ["/", "/costs", "/breakdown", "/heatmap", "/commitments", "/budgets", "/anomalies", "/recommendations"];

/**
 * "Quarantined cost" note (issue 10, item 3): shown on every dashboard when the selected range
 * (the URL's from/to; without one, the page's default range) holds rows that failed validation
 * within the user's billing scope, with a link to those rows and their reasons.
 */
export function QuarantineNote() {
  const pathname = usePathname();
  const sp = useSearchParams();
  const trpc = useTRPC();
  const on = DASHBOARDS.includes(pathname);
  const days = useQuery({ ...trpc.costs.dataDays.queryOptions(), enabled: on });
  const last = days.data?.last;
  // The pages' own defaults: the overview shows the month to date, the other dashboards the last 30 days.
  const range = last ? readRange(sp, { from: pathname === "/" ? `${last.slice(0, 7)}-01` : shiftDays(last, -29), to: last }) : null;
  const cost = useQuery({ ...trpc.quarantine.cost.queryOptions(range ?? { from: "", to: "" }), enabled: on && range !== null });
  if (!on || !range || !cost.data || cost.data.rows === 0) return null;
  const amounts = cost.data.currencies.map((c) => (c.currency ? formatMoney(c.billedCost, c.currency) : `${c.billedCost} (no readable currency)`)).join(" + ");
  const href = `/quarantine?${new URLSearchParams(range).toString()}`;
  return (
    <p className="badge quarantine-note" role="note" data-testid="quarantine-note">
      Quarantined cost: {amounts} in {cost.data.rows.toLocaleString("en-US")} row{cost.data.rows === 1 ? "" : "s"} of this range failed validation and is not
      in these figures. <a href={href}>See the rows and reasons</a>.
    </p>
  );
}
