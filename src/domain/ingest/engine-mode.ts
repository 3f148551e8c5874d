import type { ClickHouseClient } from "@clickhouse/client";

/** True when the client runs chDB in this process (it can read local files with file()). */
export function isEmbeddedClickHouse(ch: ClickHouseClient): boolean {
  const conn = (ch as unknown as { connection?: { connectionName?: string } }).connection;
  return conn?.connectionName === "chdb";
}
