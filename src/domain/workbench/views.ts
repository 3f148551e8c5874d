/**
 * The documented views the SQL workbench exposes. A view name is bound, for every run, to a CTE
 * the product writes around the user's query (run.ts): the view's rows filtered by the user's
 * billing-scope predicate with bound values. No real table carries these names, so a reference
 * the CTE does not cover cannot reach unscoped data; it fails as an unknown table.
 */
import type { ClickHouseClient } from "@clickhouse/client";

export type WorkbenchView = { name: string; source: string; description: string };

export const WORKBENCH_VIEWS: readonly WorkbenchView[] = [
  {
    name: "focus",
    source: "focus_billing_data",
    description: "FOCUS cost and usage rows (one row per charge): FOCUS 1.2/1.3 columns and the Microsoft x_ columns.",
  },
];

/** Lineage columns of the fact table that are ABI internals, not FOCUS data. */
const HIDDEN_COLUMNS = new Set(["x_SourceId", "x_IngestRunId"]);

export type ViewColumn = { name: string; type: string };
export type ViewDoc = { name: string; description: string; columns: ViewColumn[] };

/**
 * Each allowed view with its columns (from the engine's catalogue of the source table), in
 * WORKBENCH_VIEWS' order; run.ts selects exactly these columns, so hidden ones never leave.
 */
export async function describeViews(ch: ClickHouseClient): Promise<ViewDoc[]> {
  const rs = await ch.query({
    query: "SELECT table, name, type FROM system.columns WHERE database = currentDatabase() AND table IN {tables:Array(String)} ORDER BY table, position",
    query_params: { tables: WORKBENCH_VIEWS.map((v) => v.source) },
    format: "JSONEachRow",
  });
  const rows = await rs.json<{ table: string; name: string; type: string }>();
  return WORKBENCH_VIEWS.map((v) => ({
    name: v.name,
    description: v.description,
    columns: rows.filter((r) => r.table === v.source && !HIDDEN_COLUMNS.has(r.name)).map((r) => ({ name: r.name, type: r.type })),
  }));
}
