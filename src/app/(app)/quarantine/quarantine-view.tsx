"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";
import { RangeInputs } from "../_dashboard/filter-bar";
import { formatMoney, shiftDays } from "../_dashboard/format";
import { EmptyData, ErrorBlock, LoadingBlock } from "../_dashboard/states";
import { readRange, useUrlState } from "../_dashboard/url-state";

/** Rows that failed validation in a range, within the user's billing scope: their cost, rules and raw source row. */
export function QuarantineView() {
  const trpc = useTRPC();
  const days = useQuery(trpc.costs.dataDays.queryOptions());
  if (days.isPending) return <><h1>Quarantined rows</h1><LoadingBlock /></>;
  if (days.error) return <><h1>Quarantined rows</h1><ErrorBlock error={days.error} what="the data range" /></>;
  if (!days.data) return <><h1>Quarantined rows</h1><EmptyData /></>;
  return <Rows last={days.data.last} />;
}

function Rows({ last }: { last: string }) {
  const trpc = useTRPC();
  const { sp, set } = useUrlState();
  const range = readRange(sp, { from: shiftDays(last, -29), to: last });
  const cost = useQuery(trpc.quarantine.cost.queryOptions(range));
  const rows = useQuery(trpc.quarantine.rows.queryOptions({ ...range, limit: 200 }));
  return (
    <>
      <h1>Quarantined rows</h1>
      <p className="muted">
        Rows that broke a FOCUS rule are kept out of every dashboard, with their cost, here. Fix the mapping or the file, then re-run the month
        (Ingestion runs): its quarantine is replaced, not added to.
      </p>
      <RangeInputs from={range.from} to={range.to} last={last} onChange={(r) => set(r)} />
      <ErrorBlock error={cost.error ?? rows.error} what="the quarantine" />
      {cost.data && (
        <p role="status">
          {cost.data.rows === 0
            ? "No quarantined row in this range."
            : `${cost.data.rows.toLocaleString("en-US")} rows, ${cost.data.currencies.map((c) => (c.currency ? formatMoney(c.billedCost, c.currency) : `${c.billedCost} (no readable currency)`)).join(" + ")}`}
        </p>
      )}
      {rows.data && rows.data.length > 0 && (
        <table aria-label="Quarantined rows">
          <thead><tr><th>Source</th><th>Billing period</th><th>Day</th><th>File</th><th className="num">Row</th><th className="num">Cost</th><th>Rules broken</th><th>Source row</th></tr></thead>
          <tbody>
            {rows.data.map((r) => (
              <tr key={`${r.runId}:${r.file}:${r.row}`}>
                <td>{r.sourceId}</td><td>{r.billingMonth.slice(0, 7)}</td><td>{r.day ?? "—"}</td><td>{r.file}</td><td className="num">{r.row}</td>
                <td className="num">{r.billedCost !== null && r.currency ? formatMoney(r.billedCost, r.currency) : (r.sourceCost ?? "—")}</td>
                <td>{r.rules.join(", ")}</td>
                <td><details><summary>raw</summary><code className="small-text">{r.raw}</code></details></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
