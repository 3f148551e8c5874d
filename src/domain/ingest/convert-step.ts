/**
 * Step 2+3 (convert + row validation): every staged file → FOCUS rows in the run's conv table,
 * with the IDs of the row-level rules each row breaks (empty = loadable).
 */
import type { ClickHouseClient } from "@clickhouse/client";
import { FOCUS_COLUMNS } from "../focus/columns";
import { azureToFocusSelect } from "../focus/convert-azure";
import { focusToFocusSelect } from "../focus/convert-focus";
import { AZURE_TRUSTED_KEY_VALUES, combineRules, type RowRules } from "../focus/row-rules";
import { SHORT_CIRCUIT } from "../focus/validation";
import type { RunTables } from "./run-tables";
import { fileRows, readingFile } from "./file-rows";
import type { StagedFile } from "./staged-file";
import type { AzureKind } from "./classify";

export type FilePlan = { file: StagedFile; kind: AzureKind | "focus"; selectAll: boolean };

/**
 * Writing converted rows (the conv table's views: LowCardinality encoding, sorting, compressing ~140
 * columns) costs about as much as converting them; two insert threads with the views processed in
 * parallel keep both cores busy instead of one writer thread throttling the whole query.
 * Converted blocks are ~150 columns wide, so they are cut at 32k rows and squashed to 16 MiB (not the
 * 64 MiB of a staging insert): a 1.25M-row file converts in ~1.4 GB instead of 1.5–2.4 GB (16k rows:
 * ~1.0 GB but ~8% slower). One thread parsing the CSV while the other converts measured ~25% faster
 * than parallel parsing here (7.5–8.2 s vs 10.4–10.7 s for 1.25M rows on 2 cores).
 */
const CONVERT_INSERT_SETTINGS = `max_insert_threads = 2, parallel_view_processing = 1, input_format_parallel_parsing = 0, max_block_size = 32768,
  min_insert_block_size_bytes = 16777216, storage_file_read_method = 'pread'`;

/**
 * A purchases-only file read directly keeps a handful of its rows: parsing is all the work there,
 * so both cores parse (the one-parser-one-converter split above would leave one core idle).
 */
const PURCHASES_ONLY_SETTINGS = CONVERT_INSERT_SETTINGS.replace("input_format_parallel_parsing = 0", "input_format_parallel_parsing = 1");

const convertSettings = (f: StagedFile) => (f.direct && f.purchasesOnly ? PURCHASES_ONLY_SETTINGS : CONVERT_INSERT_SETTINGS);

const DATA_COLUMNS = FOCUS_COLUMNS.filter((c) => c.kind !== "lineage").map((c) => c.name);

/**
 * Rows converted per INSERT from a staging table. One INSERT's resident memory grows with the rows
 * it writes (about +1 GB from 100k to 500k rows in chDB with wide parts), so a large staged file is
 * converted in slices, with engine memory released between slices; each slice costs ~0.3 s of query
 * analysis. A direct file is read once, in one INSERT (its memory bounded by CONVERT_INSERT_SETTINGS).
 */
export const CONVERT_SLICE_ROWS = 131_072;

function selectFor(plan: FilePlan, source: string): string {
  const f = plan.file;
  if (f.layout.kind === "focus") return focusToFocusSelect(source, f.header, f.index);
  return azureToFocusSelect({ sql: source, header: f.header, file: f.index, selectAll: plan.selectAll }, f.layout.agreement);
}

/** Converts one file into the run's conv table; a staged file slice by slice. `afterSlice` runs after each statement. */
export async function convertFile(
  ch: ClickHouseClient,
  t: RunTables,
  plan: FilePlan,
  ids: { sourceId: string; runId: string },
  rules?: RowRules,
  afterSlice?: () => Promise<void>,
) {
  const { failedRulesExpr } = combineRules(rules, plan.file.layout.kind === "focus" ? {} : AZURE_TRUSTED_KEY_VALUES);
  const rows = fileRows(plan.file);
  // _row numbers the file's data rows 1..rows; a purchases-only staging table holds a handful of them.
  const slices = plan.file.purchasesOnly || plan.file.direct ? 1 : Math.max(1, Math.ceil(plan.file.rows / CONVERT_SLICE_ROWS));
  for (let i = 0; i < slices; i++) {
    const source = slices === 1 ? rows.sql : `(SELECT * FROM ${rows.sql} WHERE _row > {lo:UInt64} AND _row <= {hi:UInt64})`;
    // docs/focus-mapping.md#lineage (x_SourceId, x_IngestRunId, x_BillingMonth)
    const query = `INSERT INTO ${t.conv}
SELECT ${DATA_COLUMNS.join(", ")},
  {sourceId:String} AS x_SourceId, {runId:String} AS x_IngestRunId,
  toStartOfMonth(coalesce(BillingPeriodStart, ChargePeriodStart)) AS x_BillingMonth,
  _file, _row, x_SourceCost, _fallbacks, _commit,
  ${failedRulesExpr} AS _failed
FROM (${selectFor(plan, source)})
SETTINGS join_use_nulls = 1, ${SHORT_CIRCUIT}, ${convertSettings(plan.file)}`;
    const lo = i * CONVERT_SLICE_ROWS;
    const query_params = { ...rows.params, ...ids, lo, hi: i === slices - 1 ? Number.MAX_SAFE_INTEGER : lo + CONVERT_SLICE_ROWS };
    await readingFile(plan.file, () => ch.command({ query, query_params }));
    await afterSlice?.();
  }
}
