/** Exports loaded FOCUS rows of a billing-month range as Parquet or CSV (ISO dates, empty = null). */
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { ClickHouseClient } from "@clickhouse/client";
import { columnsForVersion } from "../focus/columns";
import { isEmbeddedClickHouse } from "./engine-mode";
import { IngestInputError } from "./errors";

export type ExportOptions = { from: string; to: string; format: "parquet" | "csv"; out: string; focusVersion?: "1.2" | "1.3"; sourceId?: string };

const month = (s: string, label: string) => {
  const m = /^(\d{4})-(\d{2})$/.exec(s);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new IngestInputError(`--${label} must be YYYY-MM, got ${JSON.stringify(s)}`);
  return `${s}-01`;
};

/**
 * Where the export may be written: a file, not a directory, and no * ? { } in the path (chDB's
 * file() reads them as glob patterns; the export failed with "Cannot open file : ,").
 */
function checkedOutPath(raw: string): string {
  const out = path.resolve(raw);
  if (/[*?{}]/.test(out)) throw new IngestInputError(`--out ${JSON.stringify(raw)}: the path must not contain * ? { or } characters`);
  if (raw.includes("\0")) throw new IngestInputError("--out: the path must not contain NUL bytes");
  let isDir = false;
  try {
    isDir = fs.statSync(out).isDirectory();
  } catch {
    // a new file
  }
  if (isDir || raw.endsWith("/")) throw new IngestInputError(`--out ${JSON.stringify(raw)} is a directory; name the file to write, e.g. ${path.join(raw, "focus.parquet")}`);
  return out;
}

export async function exportFocus(ch: ClickHouseClient, opts: ExportOptions): Promise<{ rows: number; out: string }> {
  const from = month(opts.from, "from");
  const to = month(opts.to, "to");
  const cols = columnsForVersion(opts.focusVersion ?? "1.2").filter((c) => c.kind !== "lineage");
  const select = cols
    .map((c) => (c.kind === "date" && opts.format === "csv" ? `formatDateTime(${c.name}, '%Y-%m-%dT%H:%i:%SZ') AS ${c.name}` : c.name))
    .join(", ");
  const where = `x_BillingMonth BETWEEN {from:Date} AND {to:Date}${opts.sourceId ? " AND x_SourceId = {sourceId:String}" : ""}`;
  const params = { from, to, sourceId: opts.sourceId ?? "" };
  const format = opts.format === "parquet" ? "Parquet" : "CSVWithNames";
  // Inline SETTINGS: chDB would keep clickhouse_settings as session-wide SETs.
  const settings = "SETTINGS format_csv_null_representation = '', output_format_parquet_string_as_string = 1, engine_file_truncate_on_insert = 1";
  const out = checkedOutPath(opts.out);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const query = `SELECT ${select} FROM focus_billing_data WHERE ${where} ORDER BY ChargePeriodStart`;
  if (isEmbeddedClickHouse(ch)) {
    await ch.command({ query: `INSERT INTO FUNCTION file({out:String}, '${format}') ${query} ${settings}`, query_params: { ...params, out } });
  } else {
    const rs = await ch.exec({ query: `${query} ${settings} FORMAT ${format}`, query_params: params });
    await pipeline(rs.stream, fs.createWriteStream(out));
  }
  const rs = await ch.query({ query: `SELECT count() AS n FROM focus_billing_data WHERE ${where}`, query_params: params, format: "JSONEachRow" });
  return { rows: Number((await rs.json<{ n: string }>())[0]?.n ?? 0), out };
}
