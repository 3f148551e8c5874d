/** A staged or direct file's rows as SQL, and the reads of them (conversion, kind probe, quarantine). */
import type { ClickHouseClient } from "@clickhouse/client";
import { csvFileRows, explainReadError, isFileReadError } from "./stage";
import type { StagedFile } from "./staged-file";

/** The file's rows `(_row, c1..cN)` as a SQL table expression, with the parameters it binds. */
export function fileRows(f: StagedFile): { sql: string; params: Record<string, string> } {
  return f.direct ? csvFileRows(f.probe) : { sql: f.table, params: {} };
}

/** Runs a statement that reads the file's rows; a direct file's parse or gzip error becomes a clear input error. */
export async function readingFile<T>(f: StagedFile, statement: () => Promise<T>): Promise<T> {
  try {
    return await statement();
  } catch (e) {
    throw f.direct && isFileReadError(e) ? explainReadError(f.probe, e) : e;
  }
}

/** Data rows of a direct CSV file whose conversion selects only some of them (a second, cheap read). */
export async function countFileRows(ch: ClickHouseClient, f: StagedFile): Promise<number> {
  const { count, params } = csvFileRows(f.probe);
  const [r] = await readingFile(f, async () => (await ch.query({ query: count, query_params: params, format: "JSONEachRow" })).json<{ n: string }>());
  return Number(r?.n ?? 0);
}
