/**
 * What a dashboard is made of, checked once at the edge: widgets (a chart type and a query),
 * their grid layout, and the date range and filters every widget inherits.
 * Client pages import this file too: keep its imports free of server modules.
 */
import { z } from "zod";
import { METRIC_NAMES, parseDimension } from "../analytics/dimensions";
import { filterSchema, rangeSchema } from "../analytics/filters";
import { singleLineText } from "../validation/plain-text";

export const WIDGET_TYPES = ["kpi", "trend", "stacked_bar", "table", "treemap", "heatmap"] as const;
export type WidgetType = (typeof WIDGET_TYPES)[number];

/** A cost-explorer query: the same dimensions, metrics, filters and granularity as /costs. */
export const explorerWidgetQuery = z.object({
  source: z.literal("explorer"),
  metric: z.enum(METRIC_NAMES as [string, ...string[]]).default("EffectiveCost"),
  /** A FOCUS column or tag:<key>; absent = one total (KPI, trend). */
  groupBy: z.string().min(1).max(300).optional(),
  // the explorer's granularities, spelt out: explorer.ts pulls server modules into client pages
  granularity: z.enum(["day", "week", "month"]).default("day"),
  /** Added to the dashboard's filters (both apply; together within the explorer's 30). */
  filters: z.array(filterSchema).max(10).default([]),
  /** Rows of a table / series of a chart. */
  limit: z.number().int().min(1).max(50).default(10),
});

/**
 * A saved SQL workbench dataset, re-run with the VIEWER's scope: one column names the rows (a
 * label: a service, a day…), one numeric column gives their value. The dataset's SQL is fixed,
 * so the dashboard's date range and filters do not apply to it.
 */
export const datasetWidgetQuery = z.object({
  source: z.literal("dataset"),
  datasetId: z.uuid(),
  /** Absent = no label (a KPI over the whole value column). */
  labelColumn: z.string().min(1).max(300).optional(),
  valueColumn: z.string().min(1).max(300),
  limit: z.number().int().min(1).max(50).default(10),
});

/** Widget types a dataset can feed (a heatmap needs two dimensions a label/value pair lacks). */
export const DATASET_WIDGET_TYPES: readonly WidgetType[] = ["kpi", "trend", "stacked_bar", "table", "treemap"];

/** ClickHouse types a dataset's value column may have (a Nullable wrapper allowed). */
export const isNumericColumnType = (type: string) => /^(Nullable\()?(U?Int\d+|Float(32|64)|Decimal(\d+)?\()/.test(type);

/**
 * The anomalies page's list: OPEN anomalies (no analyst verdict) in the dashboard's range and
 * filters, per one dimension, optionally only some severities (empty = all).
 */
export const anomaliesWidgetQuery = z.object({
  source: z.literal("anomalies"),
  // the anomalies page's dimensions, spelt out: anomalies.ts pulls server modules into client pages
  dimension: z.enum(["SubAccountName", "ServiceName", "x_ResourceGroupName", "RegionName"]).default("ServiceName"),
  severities: z.array(z.enum(["high", "medium", "low"])).max(3).default([]),
  minDelta: z.number().min(0).max(1e12).default(10),
  limit: z.number().int().min(1).max(50).default(10),
});

export const RECOMMENDATION_KINDS = ["unused-commitment", "idle-resource", "untagged-spend", "coverage-gap"] as const;
/** The recommendations page's list for the dashboard's range and filters, optionally only some kinds (empty = all). */
export const recommendationsWidgetQuery = z.object({
  source: z.literal("recommendations"),
  kinds: z.array(z.enum(RECOMMENDATION_KINDS)).max(4).default([]),
  limit: z.number().int().min(1).max(50).default(10),
});

/**
 * The budgets page's statuses: each budget the viewer sees, with actual, forecast and variance
 * for the budget's own current period (a budget's period, not the dashboard's range, decides).
 */
export const budgetsWidgetQuery = z.object({
  source: z.literal("budgets"),
  limit: z.number().int().min(1).max(50).default(10),
});

/** Widget types the anomalies / recommendations / budgets lists can feed. */
export const ANALYSIS_WIDGET_TYPES: readonly WidgetType[] = ["kpi", "table"];
export const ANALYSIS_SOURCES = ["anomalies", "recommendations", "budgets"] as const;

/** The query behind a widget: the cost explorer's, a saved workbench dataset's, or an analysis page's list. */
export const widgetQuery = z.discriminatedUnion("source", [explorerWidgetQuery, datasetWidgetQuery, anomaliesWidgetQuery, recommendationsWidgetQuery, budgetsWidgetQuery]);
export type WidgetQuery = z.infer<typeof widgetQuery>;

export const widgetIdSchema = z.string().regex(/^[a-z0-9-]{1,40}$/, "widget ids are 1–40 lowercase letters, digits or dashes");

export const widgetSchema = z.object({
  id: widgetIdSchema,
  type: z.enum(WIDGET_TYPES),
  title: singleLineText(120).pipe(z.string().trim().min(1, "Give the widget a title")),
  query: widgetQuery,
});
export type Widget = z.infer<typeof widgetSchema>;

/** A grid cell: 12 columns wide, rows of a fixed height. */
export const layoutItemSchema = z.object({
  i: widgetIdSchema,
  x: z.number().int().min(0).max(11),
  y: z.number().int().min(0).max(1000),
  w: z.number().int().min(1).max(12),
  h: z.number().int().min(1).max(40),
});
export type LayoutItem = z.infer<typeof layoutItemSchema>;

export const dashboardRangeSchema = rangeSchema;
export type DashboardRange = z.infer<typeof dashboardRangeSchema>;
export type DashboardFilter = z.infer<typeof filterSchema>;

export const dashboardFiltersSchema = z.array(filterSchema).max(20).default([]);

export const dashboardNameSchema = singleLineText(120).pipe(z.string().trim().min(1, "Give the dashboard a name"));

/** Everything an editor may change, validated as a whole (each widget has exactly one grid cell). */
export const dashboardBodySchema = z
  .object({
    name: dashboardNameSchema,
    description: singleLineText(500).default(""),
    range: dashboardRangeSchema,
    filters: dashboardFiltersSchema,
    widgets: z.array(widgetSchema).max(30).default([]),
    layout: z.array(layoutItemSchema).max(30).default([]),
  })
  .superRefine((d, ctx) => {
    const ids = d.widgets.map((w) => w.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: "custom", path: ["widgets"], message: "two widgets have the same id" });
    const cells = d.layout.map((l) => l.i);
    if (new Set(cells).size !== cells.length || cells.length !== ids.length || !ids.every((id) => cells.includes(id))) {
      ctx.addIssue({ code: "custom", path: ["layout"], message: "the layout must place every widget exactly once" });
    }
    // refuse unknown columns when saving, not later when someone opens the dashboard
    const dims = [
      ...d.filters.map((f) => f.dim),
      ...d.widgets.flatMap((w) => (w.query.source === "explorer" ? [...(w.query.groupBy ? [w.query.groupBy] : []), ...w.query.filters.map((f) => f.dim)] : [])),
    ];
    for (const w of d.widgets) {
      if (w.query.source === "dataset" && !DATASET_WIDGET_TYPES.includes(w.type)) {
        ctx.addIssue({ code: "custom", path: ["widgets"], message: `A dataset cannot feed a ${w.type} widget ("${w.title}")` });
      }
      if ((ANALYSIS_SOURCES as readonly string[]).includes(w.query.source) && !ANALYSIS_WIDGET_TYPES.includes(w.type)) {
        ctx.addIssue({ code: "custom", path: ["widgets"], message: `The ${w.query.source} list feeds a KPI or a table, not a ${w.type} widget ("${w.title}")` });
      }
      if (w.query.source === "dataset" && w.type !== "kpi" && !w.query.labelColumn) {
        ctx.addIssue({ code: "custom", path: ["widgets"], message: `Pick a label column for "${w.title}"` });
      }
    }
    for (const dim of dims) {
      try {
        parseDimension(dim);
      } catch (e) {
        ctx.addIssue({ code: "custom", path: ["widgets"], message: (e as Error).message });
      }
    }
    if (d.range.to < d.range.from) ctx.addIssue({ code: "custom", path: ["range"], message: "the date range ends before it starts" });
  });
export type DashboardBody = z.infer<typeof dashboardBodySchema>;

export const sharePermissionSchema = z.enum(["view", "edit"]);
export const shareSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("user"), email: z.email().max(320), permission: sharePermissionSchema }),
  z.object({ kind: z.literal("group"), groupId: z.uuid(), permission: sharePermissionSchema }),
  z.object({ kind: z.literal("role"), role: z.enum(["viewer", "analyst", "admin"]), permission: sharePermissionSchema }),
]);
export type ShareInput = z.infer<typeof shareSchema>;
