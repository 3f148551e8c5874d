import fs from "node:fs";
import type { ClickHouseClient } from "@clickhouse/client";
import type { FixtureTable } from "../helpers/focus-fixture-table";

/**
 * Writes a fixture table (test/helpers/focus-fixture-table.ts) to Parquet in its column order.
 * Datetimes go out at second precision: the official validator fails fractional seconds.
 */
export async function writeFixtureParquet(ch: ClickHouseClient, fx: FixtureTable, file: string): Promise<void> {
  const cols = fx.columns.map((c) => (c.type.includes("DateTime") ? `toDateTime64(\`${c.name}\`, 0, 'UTC') AS \`${c.name}\`` : `\`${c.name}\``));
  const res = await ch.exec({ query: `SELECT ${cols.join(", ")} FROM \`${fx.table}\` ORDER BY _row FORMAT Parquet` });
  await new Promise<void>((resolve, reject) => {
    const out = fs.createWriteStream(file);
    res.stream.on("error", reject).pipe(out).on("finish", resolve).on("error", reject);
  });
}
