import type { ClickHouseClient } from "@clickhouse/client";
import { runAggregateChecks } from "./aggregate-checks";
import { compileRuleSet, type FocusValidationVersion } from "./rule-set";
import { assertIdentifier, ident } from "./sql";
import { tableColumns } from "./table-columns";

export type RuleResult = {
  ruleId: string;
  description: string;
  /** row: per-row MUST rule; schema: column presence/type; aggregate: dataset-level check. */
  scope: "row" | "schema" | "aggregate";
  result: "pass" | "fail" | "skipped";
  violations: number;
  details?: string;
};

export type ValidationReport = {
  table: string;
  focusVersion: FocusValidationVersion;
  rows: number;
  results: RuleResult[];
  summary: { pass: number; fail: number; skipped: number };
};

/**
 * Validates the FOCUS rows of a table: every row rule counted in ONE scan (countIf per rule), then
 * the schema rules (from the column types) and the aggregate checks. `where` is built from constants
 * only; values go in `params`.
 */
export async function validateTable(
  ch: ClickHouseClient,
  opts: { table: string; focusVersion: FocusValidationVersion; where?: string; params?: Record<string, unknown> },
): Promise<ValidationReport> {
  const table = ident(assertIdentifier(opts.table, "table name"));
  const where = opts.where ?? "1";
  const columns = await tableColumns(ch, opts.table);
  const compiled = compileRuleSet(columns, opts.focusVersion);
  const live = compiled.rows.filter((r) => r.failWhen !== "0");
  const counts = live.map((r, i) => `countIf(${r.failWhen}) AS r${i}`);
  const rs = await ch.query({
    query: `SELECT count() AS rows${counts.length ? ", " + counts.join(",\n") : ""} FROM ${table} WHERE (${where})`,
    query_params: opts.params ?? {},
    format: "JSONEachRow",
  });
  const [row] = await rs.json<Record<string, string | number>>();
  const violationsOf = new Map(live.map((r, i) => [r.id, Number(row?.[`r${i}`] ?? 0)]));

  const results: RuleResult[] = [];
  for (const r of compiled.rows) {
    const violations = violationsOf.get(r.id) ?? 0;
    results.push({ ruleId: r.id, description: r.description, scope: "row", result: violations > 0 ? "fail" : "pass", violations });
  }
  for (const s of compiled.schema) {
    results.push({ ruleId: s.id, description: s.description, scope: "schema", result: s.pass ? "pass" : "fail", violations: s.pass ? 0 : 1, details: s.detail });
  }
  const rowIds = new Set(compiled.rows.map((r) => r.id));
  const aggregates = await runAggregateChecks(ch, { table: opts.table, where, params: opts.params, columns, focusVersion: opts.focusVersion });
  for (const a of aggregates) {
    if (rowIds.has(a.ruleId)) continue;
    // SHOULD-level aggregate findings are reported but never fail the table.
    const result = a.level === "SHOULD" && a.result === "fail" ? "pass" : a.result;
    results.push({ ruleId: a.ruleId, description: a.description, scope: "aggregate", result, violations: a.violations, details: a.details });
  }
  for (const s of compiled.skipped) {
    results.push({ ruleId: s.id, description: s.description, scope: "row", result: "skipped", violations: 0, details: s.reason });
  }
  const summary = { pass: 0, fail: 0, skipped: 0 };
  for (const r of results) summary[r.result] += 1;
  return { table: opts.table, focusVersion: opts.focusVersion, rows: Number(row?.rows ?? 0), results, summary };
}
