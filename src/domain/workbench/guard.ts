/**
 * The workbench guard: ClickHouse's own parser decides what a query is. `formatQuery` (the user's
 * text as a bound parameter) rejects syntax errors and several statements and gives the canonical
 * text (comments gone, quoting normalised); `EXPLAIN AST` over that canonical text gives the tree
 * the checks below walk: statement kind, table references, table functions, SETTINGS, query
 * parameters, functions that read outside the views. The canonical text is what then runs.
 */
import type { ClickHouseClient } from "@clickhouse/client";
import { WorkbenchRefusal } from "./errors";
import { WORKBENCH_VIEWS } from "./views";

export const MAX_SQL_LENGTH = 20_000;

/**
 * Functions that read data other than their arguments (dictionaries, Join tables, files, the
 * catalogue) or expose server internals; table functions are refused as a class.
 */
const BLOCKED_FUNCTIONS = new Set(
  [
    "file", "joinGet", "joinGetOrNull", "hasColumnInTable", "showCertificate", "getMacro", "getSetting", "getSettingOrDefault",
    "getServerPort", "getClientHTTPHeader", "currentProfiles", "currentRoles", "enabledRoles", "defaultRoles", "filesystemAvailable",
    "filesystemCapacity", "filesystemUnreserved", "catboostEvaluate", "getServerSetting", "getMergeTreeSetting", "sleep", "sleepEachRow",
    "throwIf", "initialQueryID", "queryID", "currentQueryID", "tcpPort", "uptime", "displayName", "structureToCapnProtoSchema",
    "structureToProtobufSchema", "icebergHash", "generateSerialID", "s3", "url", "remote", "input",
  ].map((f) => f.toLowerCase()),
);
const isBlockedFunction = (name: string) => BLOCKED_FUNCTIONS.has(name.toLowerCase()) || /^dict/i.test(name);

const allowedViewList = () => WORKBENCH_VIEWS.map((v) => v.name).join(", ");

export type GuardedQuery = { sql: string };

type AstLine = { depth: number; node: string; arg: string };

function parseAst(lines: string[]): AstLine[] {
  return lines.map((l) => {
    const depth = l.length - l.trimStart().length;
    const body = l.trim().replace(/ \(children \d+\)$/, "").replace(/ \(alias .*\)$/, "");
    const sp = body.indexOf(" ");
    return { depth, node: sp < 0 ? body : body.slice(0, sp), arg: sp < 0 ? "" : body.slice(sp + 1) };
  });
}

/** Internal names: every table of the product database and every database name. */
async function catalogue(ch: ClickHouseClient): Promise<{ tables: Set<string>; databases: Set<string> }> {
  const rs = await ch.query({
    query: "SELECT 't' AS k, name FROM system.tables WHERE database = currentDatabase() UNION ALL SELECT 'd', name FROM system.databases",
    format: "JSONEachRow",
  });
  const rows = await rs.json<{ k: string; name: string }>();
  return {
    tables: new Set(rows.filter((r) => r.k === "t").map((r) => r.name.toLowerCase())),
    databases: new Set(rows.filter((r) => r.k === "d").map((r) => r.name.toLowerCase())),
  };
}

function firstLine(message: string): string {
  return (message.split(/\r?\n/)[0] ?? "").replace(/\s*:\s*In scope .*$/s, "").replace(/\.?\s*$/, "");
}

async function canonicalText(ch: ClickHouseClient, text: string): Promise<string> {
  try {
    const rs = await ch.query({ query: "SELECT formatQuery({q:String}) AS q", query_params: { q: text }, format: "JSONEachRow" });
    const [row] = await rs.json<{ q: string }>();
    if (!row) throw new Error("formatQuery returned no row");
    return row.q;
  } catch (e) {
    const msg = (e as Error).message;
    if (/Multi-statements are not allowed/i.test(msg)) throw new WorkbenchRefusal("Only one statement per query: remove the ';' and everything after it");
    throw new WorkbenchRefusal(`The SQL does not parse: ${firstLine(msg).replace(/^Syntax error:?\s*/i, "")}`);
  }
}

/** Check `text`; returns the canonical SQL to run, or throws a WorkbenchRefusal saying why not. */
export async function guardSql(ch: ClickHouseClient, text: string): Promise<GuardedQuery> {
  if (text.trim() === "") throw new WorkbenchRefusal("Write a SELECT query first");
  if (text.length > MAX_SQL_LENGTH) throw new WorkbenchRefusal(`The query is longer than ${MAX_SQL_LENGTH} characters`);
  const sql = await canonicalText(ch, text);
  const head = (sql.match(/^\s*\(*\s*([A-Za-z]+)/)?.[1] ?? "").toUpperCase();
  if (head !== "SELECT" && head !== "WITH") {
    throw new WorkbenchRefusal(`Only SELECT (or WITH … SELECT) queries can run in the workbench; this is a ${head || "non-SELECT"} statement`);
  }
  // The formatter writes output clauses on their own line; string literals never hold a raw newline.
  if (/^INTO OUTFILE /m.test(sql)) throw new WorkbenchRefusal("INTO OUTFILE is not allowed; use the CSV or XLSX download instead");
  if (/^FORMAT /m.test(sql)) throw new WorkbenchRefusal("FORMAT clauses are not allowed; results come back as a table (use the CSV or XLSX download for files)");

  let lines: string[];
  try {
    const rs = await ch.query({ query: `SELECT explain FROM (EXPLAIN AST ${sql})`, format: "JSONEachRow" });
    lines = (await rs.json<{ explain: string }>()).map((r) => r.explain);
  } catch (e) {
    const msg = (e as Error).message;
    if (/Substitution .* is not set/i.test(msg)) throw new WorkbenchRefusal("Query parameters ({name:Type}) are not supported; write the values in the query");
    if (/supports only SELECT/i.test(msg)) throw new WorkbenchRefusal("Only SELECT (or WITH … SELECT) queries can run in the workbench");
    if (/output options/i.test(msg)) throw new WorkbenchRefusal("FORMAT and INTO OUTFILE clauses are not allowed");
    throw new WorkbenchRefusal(`The SQL does not parse: ${firstLine(msg)}`);
  }
  const ast = parseAst(lines);
  const top = ast[0]?.node;
  if (top !== "SelectWithUnionQuery" && top !== "SelectIntersectExceptQuery") {
    throw new WorkbenchRefusal("Only SELECT (or WITH … SELECT) queries can run in the workbench");
  }
  const { tables, databases } = await catalogue(ch);
  for (const [i, { node, arg, depth }] of ast.entries()) {
    if (node === "Set") throw new WorkbenchRefusal("SETTINGS clauses are not allowed: the workbench runs every query with its own fixed limits");
    if (node === "QueryParameter") throw new WorkbenchRefusal("Query parameters ({name:Type}) are not supported; write the values in the query");
    if (node === "TableIdentifier") checkTableName(arg, tables, databases);
    if (node === "Function") {
      const parent = [...ast.slice(0, i)].reverse().find((a) => a.depth === depth - 1);
      if (parent?.node === "TableExpression") {
        throw new WorkbenchRefusal(`Table functions such as ${arg}() are not allowed; query the FOCUS views (${allowedViewList()})`);
      }
      if (isBlockedFunction(arg)) throw new WorkbenchRefusal(`The function ${arg}() is not allowed in the workbench: it reads outside the FOCUS views or the server's internals`);
    }
    if (node === "Identifier") {
      // `x IN table_name` names a table through a plain identifier.
      const name = arg.replace(/`/g, "").toLowerCase();
      const db = name.split(".")[0] ?? "";
      if (tables.has(name) || (name.includes(".") && databases.has(db))) {
        throw new WorkbenchRefusal(`${arg} refers to a table outside the workbench views; query the FOCUS views (${allowedViewList()})`);
      }
    }
  }
  return { sql };
}

function checkTableName(raw: string, tables: Set<string>, databases: Set<string>): void {
  const name = raw.replace(/`/g, "");
  const lower = name.toLowerCase();
  // The engine reads a SELECT without FROM from system.one (one row, one dummy column).
  if (lower === "system.one") return;
  if (lower.includes(".")) {
    const db = lower.split(".")[0];
    const what = db === "system" ? "System tables" : db === "information_schema" ? "information_schema tables" : "Tables of other databases";
    throw new WorkbenchRefusal(`${what} (${name}) are not allowed; query the FOCUS views (${allowedViewList()})`);
  }
  if (tables.has(lower)) throw new WorkbenchRefusal(`${name} is an internal table and cannot be queried; query the FOCUS views (${allowedViewList()})`);
  // Other names are the views (bound to scoped CTEs) or the query's own WITH names; anything
  // else fails in the engine as an unknown table.
  void databases;
}
