/**
 * Loads one source file into a per-run staging table of strings (`_row UInt64, c1..cN String`)
 * with ClickHouse's own CSV parser. Embedded chDB reads the file itself with file(); a
 * ClickHouse server gets the bytes streamed through the client into input(). Nothing is
 * buffered whole in JS.
 */
import fs from "node:fs";
import zlib from "node:zlib";
import type { ClickHouseClient } from "@clickhouse/client";
import type { FileProbe } from "./file-probe";
import { isEmbeddedClickHouse } from "./engine-mode";
import { IngestInputError } from "./errors";

// Inline SETTINGS, not clickhouse_settings: chDB turns those into session-wide SETs that leak
// into every later query of the process.
export const CSV_READ_SETTINGS = "input_format_with_names_use_header = 0, format_csv_allow_single_quotes = 0, input_format_csv_allow_variable_number_of_columns = 0";
/**
 * Bounded memory for INSERT … SELECT: blocks reach the table at ≤ 64 MiB (the default squashes up to
 * 256 MiB per block), and file() reads with pread instead of mapping the whole file into the
 * process (mapped pages count as resident memory).
 */
export const STREAM_INSERT_SETTINGS = "min_insert_block_size_bytes = 67108864, storage_file_read_method = 'pread'";
const CSV_SETTINGS = `SETTINGS ${CSV_READ_SETTINGS}, ${STREAM_INSERT_SETTINGS}`;

export function stageColumns(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `c${i + 1}`);
}

export async function createStageTable(ch: ClickHouseClient, table: string, ncols: number): Promise<void> {
  const cols = stageColumns(ncols)
    .map((c) => `${c} String`)
    .join(", ");
  await ch.command({ query: `CREATE TABLE ${table} (_row UInt64, ${cols}) ENGINE = MergeTree ORDER BY _row` });
}

function explain(file: FileProbe, e: unknown): Error {
  const msg = (e as Error).message ?? String(e);
  const first = msg.split("\n")[0]?.replace(/^Code: \d+\. DB::Exception: /, "") ?? msg;
  if (/gzip|zlib|inflate|unexpected end of (file|stream)|incorrect header check|ZLIB/i.test(msg)) {
    return new IngestInputError(`${file.name}: the gzip data is truncated or corrupt (${first})`);
  }
  return new IngestInputError(`${file.name}: cannot parse the CSV (${first})`);
}

/**
 * Where the rows go while the file is read. Normally straight into the staging table. With `keepWhere`
 * (a condition over c1..cN) the file is read into a Null table whose views keep only the matching rows
 * and count all of them: rows the recipe excludes are counted, never stored.
 */
async function insertTarget(ch: ClickHouseClient, table: string, ncols: number, keepWhere?: string): Promise<{ into: string; counted?: string }> {
  if (!keepWhere) return { into: table };
  const cols = stageColumns(ncols)
    .map((c) => `${c} String`)
    .join(", ");
  const into = `${table}_in`;
  const counted = `${table}_count`;
  await ch.command({ query: `CREATE TABLE ${into} (_row UInt64, ${cols}) ENGINE = Null` });
  await ch.command({ query: `CREATE TABLE ${counted} (rows UInt64) ENGINE = MergeTree ORDER BY tuple()` });
  await ch.command({ query: `CREATE MATERIALIZED VIEW ${table}_mv_keep TO ${table} AS SELECT * FROM ${into} WHERE ${keepWhere}` });
  await ch.command({ query: `CREATE MATERIALIZED VIEW ${table}_mv_count TO ${counted} AS SELECT count() AS rows FROM ${into}` });
  return { into, counted };
}

/**
 * Streams a CSV file into the staging table; returns the number of data rows read. With `keepWhere`
 * only the rows matching it are staged (see insertTarget).
 */
export async function loadCsvIntoStage(ch: ClickHouseClient, table: string, file: FileProbe, keepWhere?: string): Promise<number> {
  const structure = stageColumns(file.header.length)
    .map((c) => `${c} String`)
    .join(", ");
  const target = await insertTarget(ch, table, file.header.length, keepWhere);
  try {
    if (isEmbeddedClickHouse(ch)) {
      await ch.command({
        query: `INSERT INTO ${target.into} SELECT rowNumberInAllBlocks() + 1, * FROM file({path:String}, 'CSVWithNames', {structure:String}, {compression:String}) ${CSV_SETTINGS}`,
        query_params: { path: file.path, structure, compression: file.compression === "gzip" ? "gzip" : "none" },
      });
    } else {
      const raw = fs.createReadStream(file.path);
      const body = file.compression === "gzip" ? raw.pipe(zlib.createGunzip()) : raw;
      const rs = await ch.exec({
        // structure is generated (c1 String, c2 String, ...), never file text
        query: `INSERT INTO ${target.into} SELECT rowNumberInAllBlocks() + 1, * FROM input('${structure}') ${CSV_SETTINGS} FORMAT CSVWithNames`,
        values: body,
      });
      rs.stream.resume();
    }
  } catch (e) {
    throw explain(file, e);
  }
  const rs = await ch.query({
    query: target.counted ? `SELECT sum(rows) AS n FROM ${target.counted}` : `SELECT count() AS n FROM ${table}`,
    format: "JSONEachRow",
  });
  const [row] = await rs.json<{ n: string }>();
  return Number(row?.n ?? 0);
}
