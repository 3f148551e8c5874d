import type { ClickHouseClient } from "@clickhouse/client";
import type { ProbeResult } from "./types";

/**
 * Version, bytes of every active part (what the data uses on disk), rows and parts of the fact
 * table, merges running: system tables, the same in chDB and a ClickHouse server.
 */
export async function clickhouseProbe(ch: ClickHouseClient): Promise<ProbeResult> {
  const rs = await ch.query({
    query: `SELECT version() AS version,
  (SELECT toString(sum(bytes_on_disk)) FROM system.parts WHERE active) AS disk_bytes,
  (SELECT toString(sum(rows)) FROM system.parts WHERE active AND database = currentDatabase() AND table = 'focus_billing_data') AS fact_rows,
  (SELECT toString(count()) FROM system.parts WHERE active AND database = currentDatabase() AND table = 'focus_billing_data') AS fact_parts,
  (SELECT toString(count()) FROM system.merges) AS merges`,
    format: "JSONEachRow",
  });
  const [row] = await rs.json<{ version: string; disk_bytes: string; fact_rows: string; fact_parts: string; merges: string }>();
  return {
    version: row?.version,
    details: {
      "disk used": Number(row?.disk_bytes ?? 0),
      "fact rows": Number(row?.fact_rows ?? 0),
      "fact parts": Number(row?.fact_parts ?? 0),
      "merges running": Number(row?.merges ?? 0),
    },
  };
}
