"use client";

import type { RouterOutputs } from "~/trpc/react";
import { formatDecimal } from "../../format";

type Period = RouterOutputs["ingestion"]["detail"]["periods"][number];

/** File total = loaded + quarantined, per billing period and currency (issue 10: no silent loss of money). */
export function Reconciliation({ periods }: { periods: Period[] }) {
  if (periods.length === 0) return null;
  return (
    <>
      <h2>Cost per billing period</h2>
      <p className="muted small-text">
        The files&apos; total (cost of the rows the recipe takes) = loaded + quarantined. Quarantined rows and their reasons are listed below
        and on <a href="/quarantine">Quarantine</a>.
      </p>
      <table aria-label="Cost per billing period">
        <thead>
          <tr>
            <th>Billing period</th><th>Currency</th><th className="num">File total</th><th className="num">Loaded</th><th className="num">Quarantined</th>
            <th className="num">Quarantined rows</th><th className="num">Billed (loaded)</th><th className="num">Effective (loaded)</th><th>Reconciles</th>
          </tr>
        </thead>
        <tbody>
          {periods.map((p) => (
            <tr key={p.billingMonth + p.currency}>
              <td>{p.billingMonth.slice(0, 7) || "—"}</td><td>{p.currency || "—"}</td>
              <td className="num">{formatDecimal(p.fileCost)}</td><td className="num">{formatDecimal(p.loadedSourceCost)}</td>
              <td className="num">{formatDecimal(p.quarantinedSourceCost)}</td><td className="num">{p.quarantinedRows.toLocaleString("en-US")}</td>
              <td className="num">{formatDecimal(p.billedCost)}</td><td className="num">{formatDecimal(p.effectiveCost)}</td>
              <td>
                {p.unaccounted === "0" ? "yes" : <span className="error">off by {formatDecimal(p.unaccounted)}</span>}
                {p.unreadableCostRows > 0 && <span className="error"> · {p.unreadableCostRows} rows with a cost that is not a number (in no total)</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
