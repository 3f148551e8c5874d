/**
 * A dashboard widget fed by a saved workbench dataset: the dataset's SQL re-runs through the
 * workbench guard with the VIEWER's billing scope (`runDataset`), then one label column and one
 * numeric value column become the widget's rows. Rows with the same label are added together.
 */
import type { ClickHouseClient } from "@clickhouse/client";
import { eq } from "drizzle-orm";
import { workbenchDatasets } from "../db/schema";
import type { Db } from "../runtime/postgres";
import type { AnalyticsScope } from "../analytics/scope";
import { DatasetNotFound, runDataset } from "../workbench/datasets";
import { DEFAULT_LIMITS } from "../workbench/run";
import { isNumericColumnType, type Widget } from "./model";

export type DatasetWidgetQuery = Extract<Widget["query"], { source: "dataset" }>;

export type DatasetWidgetResult = {
  source: "dataset";
  datasetName: string;
  labelColumn: string | null;
  valueColumn: string;
  /** Label → summed value; a trend's rows sorted by label, the others in the dataset's order, at most `limit`. */
  rows: { label: string; value: number }[];
  /** Over every row of the dataset (not only the ones shown). */
  total: number;
  /** Labels left out by the widget's row limit. */
  hiddenRows: number;
  /** The dataset had more rows than a widget reads. */
  truncated: boolean;
};

/** Why a dataset widget cannot be drawn, in words for the person looking at it. */
export class DatasetWidgetError extends Error {
  constructor(
    message: string,
    readonly kind: "forbidden" | "not_found" | "bad_request",
  ) {
    super(message);
    this.name = "DatasetWidgetError";
  }
}

/** Rows a widget reads from a dataset at most. */
export const DATASET_WIDGET_MAX_ROWS = 5_000;

export async function runDatasetWidget(
  db: Db,
  ch: ClickHouseClient,
  viewer: { id: string; scope: AnalyticsScope },
  widget: Widget & { query: DatasetWidgetQuery },
): Promise<DatasetWidgetResult> {
  const query = widget.query;
  let result: Awaited<ReturnType<typeof runDataset>>;
  try {
    result = await runDataset(db, ch, viewer, query.datasetId, { ...DEFAULT_LIMITS, maxRows: DATASET_WIDGET_MAX_ROWS });
  } catch (e) {
    if (!(e instanceof DatasetNotFound)) throw e;
    // the name of someone's private dataset is not told; only whether it still exists
    const [exists] = await db.select({ id: workbenchDatasets.id }).from(workbenchDatasets).where(eq(workbenchDatasets.id, query.datasetId));
    throw exists
      ? new DatasetWidgetError(`The widget "${widget.title}" reads a saved dataset that is not shared with you; ask its owner to share the dataset`, "forbidden")
      : new DatasetWidgetError(`The dataset behind the widget "${widget.title}" was deleted; edit the widget to pick another one`, "not_found");
  }
  const name = result.dataset.name;
  const valueAt = result.columns.findIndex((c) => c.name === query.valueColumn);
  if (valueAt < 0) throw new DatasetWidgetError(`The dataset "${name}" has no column ${query.valueColumn} any more; edit the widget`, "bad_request");
  if (!isNumericColumnType(result.columns[valueAt]!.type)) {
    throw new DatasetWidgetError(`The column ${query.valueColumn} of "${name}" is ${result.columns[valueAt]!.type}, not a number; cast it in the dataset's SQL`, "bad_request");
  }
  const labelAt = query.labelColumn ? result.columns.findIndex((c) => c.name === query.labelColumn) : -1;
  if (query.labelColumn && labelAt < 0) throw new DatasetWidgetError(`The dataset "${name}" has no column ${query.labelColumn} any more; edit the widget`, "bad_request");

  const byLabel = new Map<string, number>();
  let total = 0;
  for (const row of result.rows) {
    const raw = row[valueAt];
    if (raw === null || raw === undefined) continue;
    const value = Number(raw);
    const label = labelAt >= 0 ? String(row[labelAt] ?? "") : "";
    byLabel.set(label, (byLabel.get(label) ?? 0) + value);
    total += value;
  }
  let rows = [...byLabel.entries()].map(([label, value]) => ({ label, value }));
  if (widget.type === "trend") rows.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const limit = widget.type === "trend" || widget.type === "kpi" ? rows.length : query.limit;
  const hiddenRows = Math.max(0, rows.length - limit);
  rows = rows.slice(0, limit);
  return { source: "dataset", datasetName: name, labelColumn: query.labelColumn ?? null, valueColumn: query.valueColumn, rows, total, hiddenRows, truncated: result.truncated };
}
