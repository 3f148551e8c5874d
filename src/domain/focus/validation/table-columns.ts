import type { ClickHouseClient } from "@clickhouse/client";
import { assertIdentifier } from "./sql";
import type { TableColumn } from "./rule-set";

/** Columns (name, ClickHouse type) of a table in the current database, in table order. */
export async function tableColumns(ch: ClickHouseClient, table: string): Promise<TableColumn[]> {
  assertIdentifier(table, "table name");
  const rs = await ch.query({
    query: `SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = {table:String} ORDER BY position`,
    query_params: { table },
    format: "JSONEachRow",
  });
  const cols = await rs.json<TableColumn>();
  if (cols.length === 0) throw new Error(`table ${table} does not exist or has no columns`);
  return cols;
}
