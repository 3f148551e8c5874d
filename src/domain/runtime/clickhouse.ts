import path from "node:path";
import fs from "node:fs";
import { createClient, type ClickHouseClient } from "@clickhouse/client";
import { createChdbConnection } from "chdb/connection";
import type { AbiEnv } from "./env";
import { processSingleton, takeProcessSingleton } from "./singleton";

export type { ClickHouseClient };

// Money leaves ClickHouse as strings so no Decimal is ever rounded through a JS float.
const clickhouseSettings = {
  output_format_json_quote_decimals: 1,
  output_format_json_quote_64bit_integers: 1,
  date_time_output_format: "iso",
} as const;

export function createClickHouse(e: AbiEnv): ClickHouseClient {
  if (e.CLICKHOUSE_URL) {
    return createClient({
      url: e.CLICKHOUSE_URL,
      username: e.CLICKHOUSE_USER,
      password: e.CLICKHOUSE_PASSWORD,
      database: e.CLICKHOUSE_DATABASE,
      clickhouse_settings: clickhouseSettings,
      request_timeout: 300_000,
    });
  }
  const dir = path.join(e.dataDir, "clickhouse");
  fs.mkdirSync(dir, { recursive: true });
  return createClient({
    // chdb types come from @clickhouse/client-common, a copy of the same interface.
    connection: createChdbConnection({ path: dir }) as unknown as NonNullable<Parameters<typeof createClient>[0]>["connection"],
    clickhouse_settings: clickhouseSettings,
  });
}

export function clickhouse(e: AbiEnv): ClickHouseClient {
  return processSingleton("clickhouse", () => createClickHouse(e));
}

export async function closeClickHouse(): Promise<void> {
  await takeProcessSingleton<ClickHouseClient>("clickhouse")?.close();
}
