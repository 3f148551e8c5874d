/**
 * Step 2+3 (convert + row validation): every staged file → FOCUS rows in the run's conv table,
 * with the IDs of the row-level rules each row breaks (empty = loadable).
 */
import type { ClickHouseClient } from "@clickhouse/client";
import { FOCUS_COLUMNS } from "../focus/columns";
import { azureToFocusSelect, azureSelectedCountSql } from "../focus/convert-azure";
import { focusToFocusSelect } from "../focus/convert-focus";
import { combineRules, type RowRules } from "../focus/row-rules";
import type { RunTables } from "./run-tables";
import { STREAM_INSERT_SETTINGS } from "./stage";
import type { StagedFile } from "./stage-files";
import type { AzureKind } from "./classify";

export type FilePlan = { file: StagedFile; kind: AzureKind | "focus"; selectAll: boolean };

/**
 * Writing converted rows (the conv table's views: LowCardinality encoding, sorting, compressing ~140
 * columns) costs about as much as converting them; two insert threads with the views processed in
 * parallel keep both cores busy instead of one writer thread throttling the whole query.
 */
const CONVERT_INSERT_SETTINGS = "max_insert_threads = 2, parallel_view_processing = 1";

const DATA_COLUMNS = FOCUS_COLUMNS.filter((c) => c.kind !== "lineage").map((c) => c.name);

function selectFor(plan: FilePlan): string {
  const f = plan.file;
  if (f.layout.kind === "focus") return focusToFocusSelect(f.table, f.header);
  return azureToFocusSelect(f.table, f.header, { agreement: f.layout.agreement, selectAll: plan.selectAll });
}

export async function selectedRowCount(ch: ClickHouseClient, plan: FilePlan): Promise<number> {
  const f = plan.file;
  if (f.layout.kind === "focus" || plan.selectAll) return f.rows;
  const rs = await ch.query({
    query: azureSelectedCountSql(f.table, f.header, { agreement: f.layout.agreement, selectAll: false }),
    format: "JSONEachRow",
  });
  const [r] = await rs.json<{ n: string }>();
  return Number(r?.n ?? 0);
}

export async function convertFile(ch: ClickHouseClient, t: RunTables, plan: FilePlan, ids: { sourceId: string; runId: string }, rules?: RowRules) {
  const { failedRulesExpr } = combineRules(rules);
  const query = `INSERT INTO ${t.conv}
SELECT ${DATA_COLUMNS.join(", ")},
  {sourceId:String} AS x_SourceId, {runId:String} AS x_IngestRunId,
  toStartOfMonth(coalesce(BillingPeriodStart, ChargePeriodStart)) AS x_BillingMonth,
  {file:UInt16} AS _file, _row, x_SourceCost, _fallbacks,
  ${failedRulesExpr} AS _failed
FROM (${selectFor(plan)})
SETTINGS join_use_nulls = 1, ${CONVERT_INSERT_SETTINGS}, ${STREAM_INSERT_SETTINGS}`;
  await ch.command({ query, query_params: { ...ids, file: plan.file.index } });
}
