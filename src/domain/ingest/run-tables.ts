/** Per-run ClickHouse tables; names derive from the run id (hex only), never from input. */
import type { ClickHouseClient } from "@clickhouse/client";
import { FOCUS_COLUMNS, FOCUS_COLUMN_NAMES, DECIMAL } from "../focus/columns";

/**
 * Converted values a quarantined row keeps beside its raw row (clickhouse/migrations/0030): its money,
 * its date and the columns the billing-scope predicate reads, so dashboards can show quarantined cost
 * within a user's scope.
 */
export const QUARANTINE_VALUE_COLUMNS = [
  "BillingCurrency", "BilledCost", "EffectiveCost", "x_SourceCost", "ChargePeriodStart",
  "BillingAccountId", "SubAccountId", "x_ResourceGroupName", "Tags",
] as const;

export type RunTables = {
  stage: (i: number) => string;
  /** Null-engine table the conversion inserts into; materialized views fan its rows out (see createConvTables). */
  conv: string;
  /** Rows that passed every rule, in the fact table's exact structure (swapped in by REPLACE PARTITION). */
  data: string;
  quar: string;
  /** Rows that broke a rule: row origin, rule IDs and billing month (raw rows are joined from staging). */
  failed: string;
  /** Per-block partial counts and cost sums, summed when read. */
  stats: string;
  fallbacks: string;
  prefix: string;
};

export function runTables(runId: string): RunTables {
  const id = runId.replace(/-/g, "");
  if (!/^[0-9a-f]{32}$/.test(id)) throw new Error(`invalid run id ${runId}`);
  const prefix = `abi_run_${id}`;
  return {
    prefix,
    stage: (i) => `${prefix}_stage_${i}`,
    conv: `${prefix}_conv`,
    data: `${prefix}_data`,
    quar: `${prefix}_quar`,
    failed: `${prefix}_failed`,
    stats: `${prefix}_stats`,
    fallbacks: `${prefix}_fallbacks`,
  };
}

/**
 * The conversion writes each row once: into a Null table whose materialized views put passing rows
 * straight into the run's data table (fact-table structure), failing rows' origin into `failed`,
 * and per-block counts/totals into `stats` and `fallbacks`. No converted row is stored twice or
 * scanned again for totals.
 */
export async function createConvTables(ch: ClickHouseClient, t: RunTables): Promise<void> {
  // Plain Nullable types: LowCardinality dictionaries are built once, by the data table, not twice.
  const cols = FOCUS_COLUMNS.map((c) => `${c.name} Nullable(${c.type.startsWith("LowCardinality(") ? c.type.slice(15, -1) : c.type})`).join(",\n  ");
  await ch.command({
    query: `CREATE TABLE ${t.conv} (
  ${cols},
  _file UInt16, _row UInt64, x_SourceCost Nullable(${DECIMAL}), _fallbacks Array(LowCardinality(String)), _commit LowCardinality(String),
  _failed Array(LowCardinality(String))
) ENGINE = Null`,
  });
  await ch.command({ query: `CREATE TABLE ${t.data} AS focus_billing_data` });
  // Compact parts (one file per part, not two or three per column): writing ~140 columns as wide
  // parts held a compression buffer per column stream and cost about a third more CPU. The run's
  // parts are not merged here; REPLACE PARTITION hands them to the fact table, which merges them.
  await ch.command({ query: `ALTER TABLE ${t.data} MODIFY SETTING min_bytes_for_wide_part = 1099511627776, min_rows_for_wide_part = 1000000000` });
  await ch.command({ query: `SYSTEM STOP MERGES ${t.data}` });
  await ch.command({ query: `CREATE TABLE ${t.quar} AS focus_quarantine` });
  await ch.command({
    query: `CREATE TABLE ${t.failed} (_file UInt16, _row UInt64, _failed Array(LowCardinality(String)), x_BillingMonth Nullable(Date),
  ${QUARANTINE_VALUE_COLUMNS.map((c) => `${c} Nullable(${c === "ChargePeriodStart" ? "DateTime('UTC')" : c.endsWith("Cost") ? DECIMAL : "String"})`).join(", ")})
ENGINE = MergeTree ORDER BY (_file, _row)`,
  });
  await ch.command({
    query: `CREATE TABLE ${t.stats} (_file UInt16, currency String, ok Bool, commit String, rows UInt64, source_cost ${DECIMAL}, billed_cost ${DECIMAL},
  effective_cost ${DECIMAL}, min_month Nullable(Date), month Nullable(Date), no_cost_rows UInt64) ENGINE = MergeTree ORDER BY tuple()`,
  });
  await ch.command({ query: `CREATE TABLE ${t.fallbacks} (lookup String, rows UInt64) ENGINE = MergeTree ORDER BY tuple()` });

  // Rules guarantee non-null values for the fact table's non-nullable columns in passing rows.
  const dataCols = FOCUS_COLUMN_NAMES.map((n) => (FOCUS_COLUMNS.find((c) => c.name === n)!.nullable ? n : `assumeNotNull(${n}) AS ${n}`));
  await ch.command({
    query: `CREATE MATERIALIZED VIEW ${t.prefix}_mv_data TO ${t.data} AS SELECT ${dataCols.join(", ")} FROM ${t.conv} WHERE empty(_failed)`,
  });
  await ch.command({
    query: `CREATE MATERIALIZED VIEW ${t.prefix}_mv_failed TO ${t.failed} AS SELECT _file, _row, _failed, x_BillingMonth, ${QUARANTINE_VALUE_COLUMNS.join(", ")} FROM ${t.conv} WHERE notEmpty(_failed)`,
  });
  await ch.command({
    query: `CREATE MATERIALIZED VIEW ${t.prefix}_mv_stats TO ${t.stats} AS
SELECT _file, ifNull(BillingCurrency, '') AS currency, empty(_failed) AS ok, toString(_commit) AS commit, count() AS rows,
  sum(ifNull(x_SourceCost, 0)) AS source_cost, sum(ifNull(BilledCost, 0)) AS billed_cost, sum(ifNull(EffectiveCost, 0)) AS effective_cost,
  min(x_BillingMonth) AS min_month, x_BillingMonth AS month, countIf(x_SourceCost IS NULL) AS no_cost_rows
FROM ${t.conv} GROUP BY _file, currency, ok, commit, month`,
  });
  await ch.command({
    query: `CREATE MATERIALIZED VIEW ${t.prefix}_mv_fallbacks TO ${t.fallbacks} AS
SELECT f AS lookup, count() AS rows FROM ${t.conv} ARRAY JOIN _fallbacks AS f GROUP BY f`,
  });
}

/** Drops every table and view of the run (also after a failure); views first, so no insert can reach a half-dropped run. */
/** Drops the run's tables; `keepStaging` keeps the staged files so a retried conversion starts from them. */
export async function dropRunTables(ch: ClickHouseClient, t: RunTables, opts: { keepStaging?: boolean } = {}): Promise<void> {
  const rs = await ch.query({
    query: `SELECT name FROM system.tables WHERE database = currentDatabase() AND startsWith(name, {p:String})
ORDER BY engine = 'MaterializedView' DESC, name`,
    query_params: { p: t.prefix },
    format: "JSONEachRow",
  });
  for (const { name } of await rs.json<{ name: string }>()) {
    if (opts.keepStaging && name.startsWith(`${t.prefix}_stage_`)) continue;
    if (name.startsWith(t.prefix) && /^[a-z0-9_]+$/.test(name)) await ch.command({ query: `DROP TABLE IF EXISTS ${name}` });
  }
}
