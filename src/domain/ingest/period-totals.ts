/**
 * Reconciliation per billing period and currency (issue 10, item 3): the file's total (Σ source
 * cost of the rows the recipe takes) = loaded + quarantined. Read from the run's stats table, stored
 * in ingest_run_period_totals, shown on the run detail page, by `abi ingest` and `abi validate`.
 * Decimals stay strings; the difference is computed by ClickHouse, exactly.
 */
import type { ClickHouseClient } from "@clickhouse/client";
import type { RunTables } from "./run-tables";

export type PeriodTotals = {
  /** First day of the billing period (YYYY-MM-DD); "" for rows whose period could not be read. */
  billingMonth: string;
  currency: string;
  rows: number;
  quarantinedRows: number;
  fileCost: string;
  loadedSourceCost: string;
  quarantinedSourceCost: string;
  billedCost: string;
  effectiveCost: string;
  quarantinedBilledCost: string;
  quarantinedEffectiveCost: string;
  /** fileCost − loaded − quarantined source cost: "0" when every unit of money is accounted for. */
  unaccounted: string;
  /** Rows whose cost cell is not a number (quarantined): their money is in no total, only in the raw row. */
  unreadableCostRows: number;
};

const COLUMNS = `toString(rows) AS rows, toString(quarantined_rows) AS quarantinedRows, toString(file_cost) AS fileCost,
  toString(loaded_source_cost) AS loadedSourceCost, toString(quarantined_source_cost) AS quarantinedSourceCost,
  toString(billed_cost) AS billedCost, toString(effective_cost) AS effectiveCost,
  toString(quarantined_billed_cost) AS quarantinedBilledCost, toString(quarantined_effective_cost) AS quarantinedEffectiveCost,
  toString(file_cost - loaded_source_cost - quarantined_source_cost) AS unaccounted, toString(unreadable_cost_rows) AS unreadableCostRows`;

type Raw = Omit<PeriodTotals, "rows" | "quarantinedRows" | "unreadableCostRows"> & { rows: string; quarantinedRows: string; unreadableCostRows: string };
const typed = (rows: Raw[]): PeriodTotals[] =>
  rows.map((r) => ({ ...r, rows: Number(r.rows), quarantinedRows: Number(r.quarantinedRows), unreadableCostRows: Number(r.unreadableCostRows) }));

/** The run's totals per billing period and currency, from the conversion's stats. */
export async function periodTotals(ch: ClickHouseClient, t: RunTables): Promise<PeriodTotals[]> {
  const rs = await ch.query({
    query: `SELECT if(month IS NULL, '', toString(month)) AS billingMonth, currency, ${COLUMNS}
FROM (SELECT s.month AS month, s.currency AS currency, sum(s.rows) AS rows, sumIf(s.rows, NOT s.ok) AS quarantined_rows,
        sum(s.source_cost) AS file_cost, sumIf(s.source_cost, s.ok) AS loaded_source_cost, sumIf(s.source_cost, NOT s.ok) AS quarantined_source_cost,
        sumIf(s.billed_cost, s.ok) AS billed_cost, sumIf(s.effective_cost, s.ok) AS effective_cost,
        sumIf(s.billed_cost, NOT s.ok) AS quarantined_billed_cost, sumIf(s.effective_cost, NOT s.ok) AS quarantined_effective_cost,
        sum(s.no_cost_rows) AS unreadable_cost_rows
      FROM ${t.stats} AS s GROUP BY s.month, s.currency)
ORDER BY billingMonth, currency`,
    format: "JSONEachRow",
  });
  return typed(await rs.json());
}

export async function recordPeriodTotals(ch: ClickHouseClient, runId: string, periods: PeriodTotals[]): Promise<void> {
  if (!periods.length) return;
  await ch.insert({
    table: "ingest_run_period_totals",
    format: "JSONEachRow",
    values: periods.map((p) => ({
      run_id: runId, billing_month: p.billingMonth || "1970-01-01", currency: p.currency, rows: p.rows, quarantined_rows: p.quarantinedRows,
      file_cost: p.fileCost, loaded_source_cost: p.loadedSourceCost, quarantined_source_cost: p.quarantinedSourceCost,
      billed_cost: p.billedCost, effective_cost: p.effectiveCost, quarantined_billed_cost: p.quarantinedBilledCost,
      quarantined_effective_cost: p.quarantinedEffectiveCost, unreadable_cost_rows: p.unreadableCostRows,
    })),
  });
}

/** A run's stored reconciliation (empty for runs recorded before it existed). */
export async function storedPeriodTotals(ch: ClickHouseClient, runId: string): Promise<PeriodTotals[]> {
  const rs = await ch.query({
    query: `SELECT if(billing_month = '1970-01-01', '', toString(billing_month)) AS billingMonth, currency, ${COLUMNS}
FROM ingest_run_period_totals FINAL WHERE run_id = {runId:String} ORDER BY billingMonth, currency`,
    query_params: { runId },
    format: "JSONEachRow",
  });
  return typed(await rs.json());
}

/** One line per period for the CLI. */
export function formatPeriod(p: PeriodTotals): string {
  const q = p.quarantinedRows ? `, quarantined ${p.quarantinedSourceCost} (${p.quarantinedRows} rows)` : ", nothing quarantined";
  const unreadable = p.unreadableCostRows ? `; ${p.unreadableCostRows} quarantined rows have a cost that is not a number (not in any total)` : "";
  return `${p.billingMonth.slice(0, 7) || "no period"} ${p.currency}: file ${p.fileCost} = loaded ${p.loadedSourceCost}${q}${p.unaccounted === "0" ? "" : `; UNACCOUNTED ${p.unaccounted}`}${unreadable} (billed ${p.billedCost}, effective ${p.effectiveCost})`;
}
