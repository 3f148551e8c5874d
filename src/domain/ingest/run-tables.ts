/** Per-run ClickHouse tables; names derive from the run id (hex only), never from input. */
import type { ClickHouseClient } from "@clickhouse/client";
import { FOCUS_COLUMNS, columnType, DECIMAL } from "../focus/columns";

export type RunTables = { stage: (i: number) => string; conv: string; data: string; quar: string; prefix: string };

export function runTables(runId: string): RunTables {
  const id = runId.replace(/-/g, "");
  if (!/^[0-9a-f]{32}$/.test(id)) throw new Error(`invalid run id ${runId}`);
  const prefix = `abi_run_${id}`;
  return { prefix, stage: (i) => `${prefix}_stage_${i}`, conv: `${prefix}_conv`, data: `${prefix}_data`, quar: `${prefix}_quar` };
}

/** Converted rows before validation: every fact column nullable, plus row origin and rule results. */
export async function createConvTable(ch: ClickHouseClient, t: RunTables): Promise<void> {
  const cols = FOCUS_COLUMNS.map((c) => `${c.name} ${columnType(c, true)}`).join(",\n  ");
  await ch.command({
    query: `CREATE TABLE ${t.conv} (
  ${cols},
  _file UInt16, _row UInt64, x_SourceCost Nullable(${DECIMAL}), _fallbacks Array(LowCardinality(String)), _failed Array(LowCardinality(String))
) ENGINE = MergeTree ORDER BY (_file, _row)`,
  });
}

export async function createSwapTables(ch: ClickHouseClient, t: RunTables): Promise<void> {
  await ch.command({ query: `CREATE TABLE ${t.data} AS focus_billing_data` });
  await ch.command({ query: `CREATE TABLE ${t.quar} AS focus_quarantine` });
}

/** Drops every table of the run (also after a failure). */
export async function dropRunTables(ch: ClickHouseClient, t: RunTables): Promise<void> {
  const rs = await ch.query({
    query: "SELECT name FROM system.tables WHERE database = currentDatabase() AND startsWith(name, {p:String})",
    query_params: { p: t.prefix },
    format: "JSONEachRow",
  });
  for (const { name } of await rs.json<{ name: string }>()) {
    if (name.startsWith(t.prefix) && /^[a-z0-9_]+$/.test(name)) await ch.command({ query: `DROP TABLE IF EXISTS ${name}` });
  }
}
