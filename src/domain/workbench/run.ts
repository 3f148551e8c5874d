/**
 * Runs a guarded workbench query with the user's billing scope applied by the engine: each allowed
 * view name is bound to a CTE over its source table filtered by `billingScopePredicate` (values
 * bound as query parameters), and the user's canonical query runs as a subquery under those CTEs.
 * The user's text is never edited; the limits ride on the outer query's SETTINGS (per query, so
 * the embedded chDB session keeps its own settings), the same on chDB and server ClickHouse.
 */
import type { ClickHouseClient } from "@clickhouse/client";
import { Params } from "../analytics/params";
import { billingScopePredicate, type AnalyticsScope } from "../analytics/scope";
import { WorkbenchRefusal } from "./errors";
import { guardSql } from "./guard";
import { describeViews, WORKBENCH_VIEWS } from "./views";

export type WorkbenchLimits = {
  /** Rows returned at most; more sets `truncated`. */
  maxRows: number;
  maxResultBytes: number;
  maxExecutionSeconds: number;
  maxMemoryBytes: number;
};

export const DEFAULT_LIMITS: WorkbenchLimits = {
  maxRows: 10_000,
  maxResultBytes: 50_000_000,
  maxExecutionSeconds: 30,
  maxMemoryBytes: 2_000_000_000,
};

export type WorkbenchColumn = { name: string; type: string };
export type WorkbenchResult = {
  columns: WorkbenchColumn[];
  rows: unknown[][];
  truncated: boolean;
  elapsedMs: number;
  /** The canonical SQL that ran inside the scoped views. */
  sql: string;
};

const q = (id: string) => `\`${id.replace(/`/g, "")}\``;

/** The scoped CTEs: one per allowed view, filtered by the scope predicate with bound values. */
async function scopedCtes(ch: ClickHouseClient, scope: AnalyticsScope, params: Params): Promise<string> {
  // one catalogue read for every view (describeViews keeps WORKBENCH_VIEWS' order)
  const docs = await describeViews(ch);
  const parts = WORKBENCH_VIEWS.map((v, i) => {
    const cols = docs[i]!.columns.map((c) => q(c.name)).join(", ");
    return `${q(v.name)} AS (SELECT ${cols} FROM ${q(v.source)} WHERE ${billingScopePredicate(scope, params)})`;
  });
  return `WITH ${parts.join(",\n")}`;
}

function limitMessage(msg: string, limits: WorkbenchLimits): string | undefined {
  if (/TIMEOUT_EXCEEDED|Timeout exceeded/i.test(msg)) return `The query ran longer than the workbench limit of ${limits.maxExecutionSeconds} s; narrow it down (a date range, fewer columns)`;
  if (/MEMORY_LIMIT_EXCEEDED|Memory limit/i.test(msg)) return `The query needed more memory than the workbench limit of ${Math.round(limits.maxMemoryBytes / 1e6)} MB; aggregate more or filter first`;
  if (/TOO_MANY_ROWS_OR_BYTES|Limit for result exceeded/i.test(msg)) return "The result is larger than the workbench limit; aggregate or add a LIMIT";
  if (/readonly mode/i.test(msg)) return "The workbench is read-only";
  return undefined;
}

/** One readable line from an engine error about the user's SQL (no wrapper text, no stack). */
function engineMessage(msg: string): string {
  const line = (msg.split(/\r?\n/)[0] ?? "").replace(/\s*[:.]?\s*(In scope|while processing) .*$/is, "").replace(/\s*\(version [^)]*\)\s*$/, "");
  return `The query failed: ${line.length > 300 ? `${line.slice(0, 300)}…` : line}`;
}

/**
 * JSONCompactEachRow lines up to `maxBytes` of output text; `cut` when more were there (the
 * engine's max_result_bytes is a backstop only: embedded chDB does not apply it).
 */
function readRows(text: string, maxBytes: number): { rows: unknown[][]; cut: boolean } {
  const rows: unknown[][] = [];
  let bytes = 0;
  for (const line of text.split("\n")) {
    if (line === "") continue;
    bytes += Buffer.byteLength(line) + 1;
    if (bytes > maxBytes) return { rows, cut: true };
    rows.push(JSON.parse(line) as unknown[]);
  }
  return { rows, cut: false };
}

export async function runWorkbenchQuery(
  ch: ClickHouseClient,
  scope: AnalyticsScope,
  text: string,
  limits: WorkbenchLimits = DEFAULT_LIMITS,
): Promise<WorkbenchResult> {
  const { sql } = await guardSql(ch, text);
  const params = new Params();
  const ctes = await scopedCtes(ch, scope, params);
  const rowCap = params.bind(limits.maxRows + 1, "UInt32");
  const seconds = Math.max(1, Math.floor(limits.maxExecutionSeconds));
  const select = `${ctes}
SELECT * FROM (
${sql}
) LIMIT ${rowCap}`;
  const settings = `SETTINGS readonly = 2, max_execution_time = ${seconds}, timeout_overflow_mode = 'break',
  max_result_rows = ${Math.floor(limits.maxRows + 1)}, max_result_bytes = ${Math.floor(limits.maxResultBytes)}, result_overflow_mode = 'break',
  max_memory_usage = ${Math.floor(limits.maxMemoryBytes)}`;
  const started = performance.now();
  let columns: WorkbenchColumn[];
  let data: { rows: unknown[][]; cut: boolean };
  try {
    // Types from the engine's analysis (nothing runs), rows in a format with no prefix: embedded
    // chDB hands the already written output of a failed query to the session's next query, so
    // the result format must write nothing before the first row (JSONCompact writes its header).
    const described = await ch.query({ query: `DESCRIBE TABLE (${select}) ${settings}`, query_params: params.values, format: "JSONEachRow" });
    columns = (await described.json<{ name: string; type: string }>()).map((c) => ({ name: c.name, type: c.type }));
    const rs = await ch.query({ query: `${select}\n${settings}`, query_params: params.values, format: "JSONCompactEachRow" });
    data = readRows(await rs.text(), limits.maxResultBytes);
  } catch (e) {
    // And should a failure come mid-stream, one throwaway query takes what is left (server
    // ClickHouse: a harmless round trip).
    await ch.query({ query: "SELECT 1", format: "JSONEachRow" }).then((r) => r.text()).catch(() => undefined);
    const msg = (e as Error).message;
    throw new WorkbenchRefusal(limitMessage(msg, limits) ?? engineMessage(msg));
  }
  const elapsedMs = Math.round(performance.now() - started);
  // The time limit breaks the query rather than throwing (a thrown timeout is such a mid-stream
  // failure); a result cut by time is incomplete, so it is refused rather than shown.
  if (elapsedMs >= seconds * 1000 * 0.99) throw new WorkbenchRefusal(limitMessage("TIMEOUT_EXCEEDED", limits)!);
  const truncated = data.rows.length > limits.maxRows || data.cut;
  return {
    columns,
    rows: data.rows.slice(0, limits.maxRows),
    truncated,
    elapsedMs,
    sql,
  };
}
