/**
 * The physical references bench:ingest measures the ingest against, on the same files in the same
 * process, and the helpers every timed step shares:
 *   raw parse: every column of the CSV read by file() and thrown away (SELECT * … FORMAT Null);
 *   raw load:  the CSV copied as-is into a MergeTree table of Strings (parse + write).
 */
import fs from "node:fs";
import type { ClickHouseClient } from "@clickhouse/client";
import { CSV_READ_SETTINGS, STREAM_INSERT_SETTINGS } from "../../src/domain/ingest/stage";

// The references read and write with exactly the settings the ingest's staging uses.
const CSV = `SETTINGS ${CSV_READ_SETTINGS}, ${STREAM_INSERT_SETTINGS}`;

export async function seconds(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export async function rawParse(ch: ClickHouseClient, file: string, structure: string) {
  await ch.command({
    query: `SELECT * FROM file({path:String}, 'CSVWithNames', {structure:String}) ${CSV} FORMAT Null`,
    query_params: { path: file, structure },
  });
}

export async function rawLoad(ch: ClickHouseClient, table: string, file: string, columns: string[]) {
  const structure = columns.map((c) => `${c} String`).join(", ");
  await ch.command({ query: `CREATE TABLE ${table} (${structure}) ENGINE = MergeTree ORDER BY tuple()` });
  await ch.command({
    query: `INSERT INTO ${table} SELECT * FROM file({path:String}, 'CSVWithNames', {structure:String}) ${CSV}`,
    query_params: { path: file, structure },
  });
}

/**
 * Waits until no background merge runs. Every measured statement starts on an idle engine: the parts
 * an ingest or a raw load leaves behind are merged afterwards, and those merges must not slow the
 * next measurement (nor be counted in it).
 */
export async function mergesSettled(ch: ClickHouseClient) {
  for (;;) {
    const rs = await ch.query({ query: "SELECT count() AS n FROM system.merges", format: "JSONEachRow" });
    if (Number((await rs.json<{ n: string }>())[0]?.n ?? 0) === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function warmPageCache(file: string) {
  for await (const _ of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    // read and drop
  }
}
