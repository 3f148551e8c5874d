"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";
import { ExportButtons } from "../_dashboard/export-buttons";
import { formatMoney, formatShare } from "../_dashboard/format";
import { ErrorBlock, LoadingBlock, NoRows } from "../_dashboard/states";

const METHOD: Record<string, string> = {
  "contract-applied": "cost rows' ContractApplied",
  "eligible-billed-cost": "eligible billed cost in the period",
  none: "no cost rows draw on it",
};

/** Contract commitments (FOCUS 1.3): committed, consumed to date, remaining, projected at term end. */
export function ContractBurnDown() {
  const trpc = useTRPC();
  const q = useQuery(trpc.commitments.contracts.queryOptions());
  const rows = q.data ?? [];
  const amount = (v: string | null, r: { category: string; unit: string }) => (r.category === "Spend" ? formatMoney(v, r.unit, 0) : `${formatMoney(v, "", 0)} ${r.unit}`);
  return (
    <section className="panel" aria-label="Contract commitments">
      <div className="row">
        <strong>Contract commitments (burn-down)</strong>
        <span className="spacer" />
        <ExportButtons
          table={() => ({
            name: "contract-commitments",
            columns: ["Contract", "Commitment", "Type", "Unit", "Start", "End", "Committed", "Consumed", "Remaining", "Projected at term end", "Method"],
            rows: rows.map((r) => [r.contractId, r.commitmentId, r.type, r.unit, r.periodStart, r.periodEnd, r.committed, r.consumed, r.remaining, r.projected ?? "", r.method]),
          })}
        />
      </div>
      <ErrorBlock error={q.error} what="contract commitments" />
      {q.isPending ? (
        <LoadingBlock height={120} />
      ) : rows.length === 0 ? (
        <NoRows>No contract commitments. Load a FOCUS 1.3 contract-commitment file (abi ingest or upload) to track an Azure MACC or a savings-plan contract.</NoRows>
      ) : (
        <table aria-label="Contract commitment burn-down">
          <thead>
            <tr><th>Contract / commitment</th><th>Type</th><th>Term</th><th className="num">Committed</th><th className="num">Consumed to date</th><th className="num">Remaining</th><th className="num">Projected at term end</th><th>Consumed from</th></tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const short = r.projectedVsCommitted !== null && r.projectedVsCommitted.startsWith("-");
              return (
                <tr key={`${r.contractId}|${r.commitmentId}|${r.periodStart}`} data-testid="contract-commitment">
                  <td title={r.description ?? ""}>{r.contractId} / {r.commitmentId}</td>
                  <td>{r.type} ({r.category})</td>
                  <td>{r.periodStart.slice(0, 10)} – {r.periodEnd.slice(0, 10)} <span className="muted">({formatShare(r.elapsedShare)} elapsed)</span></td>
                  <td className="num">{amount(r.committed, r)}</td>
                  <td className="num">{amount(r.consumed, r)} <span className="muted">({formatShare(r.consumedShare)})</span></td>
                  <td className="num">{amount(r.remaining, r)}</td>
                  <td className={`num ${short ? "up" : ""}`} title={short ? "projected to fall short of the commitment" : undefined}>{amount(r.projected, r)}</td>
                  <td className="muted">{METHOD[r.method] ?? r.method}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
