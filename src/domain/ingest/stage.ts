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

/**
 * A local CSV file as rows `(_row, c1..cN)` of strings, read by embedded chDB itself: the source both
 * staging and the direct conversion read. `_row` numbers the data rows 1..n in file order (parallel
 * parsing keeps the order), so a later read of the same file finds the same row under the same number.
 */
export function csvFileRows(file: FileProbe): { sql: string; count: string; params: Record<string, string> } {
  const table = "file({srcPath:String}, 'CSVWithNames', {srcStructure:String}, {srcCompression:String})";
  return {
    sql: `(SELECT rowNumberInAllBlocks() + 1 AS _row, * FROM ${table} SETTINGS ${CSV_READ_SETTINGS})`,
    // count() straight from file() only splits rows (optimize_count_from_files): ~5x faster than reading them.
    count: `SELECT count() AS n FROM ${table} SETTINGS ${CSV_READ_SETTINGS}`,
    params: {
      srcPath: file.path,
      srcStructure: stageColumns(file.header.length).map((c) => `${c} String`).join(", "),
      srcCompression: file.compression === "gzip" ? "gzip" : "none",
    },
  };
}

/** ClickHouse error codes of a file that cannot be read as the CSV it claims to be (gzip, quoting, column count, sizes). */
const READ_ERROR_CODES = new Set(["6", "27", "33", "117", "131", "354", "1001"]);

export function isFileReadError(e: unknown): boolean {
  const code = String((e as { code?: unknown }).code ?? "");
  return READ_ERROR_CODES.has(code) || /gzip|zlib|inflate|while reading|CSV/i.test((e as Error).message ?? "");
}

export function explainReadError(file: FileProbe, e: unknown): Error {
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
      const src = csvFileRows(file);
      await ch.command({ query: `INSERT INTO ${target.into} SELECT * FROM ${src.sql} ${CSV_SETTINGS}`, query_params: src.params });
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
    throw explainReadError(file, e);
  }
  const rs = await ch.query({
    query: target.counted ? `SELECT sum(rows) AS n FROM ${target.counted}` : `SELECT count() AS n FROM ${table}`,
    format: "JSONEachRow",
  });
  const [row] = await rs.json<{ n: string }>();
  return Number(row?.n ?? 0);
}
