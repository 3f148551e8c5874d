/**
 * Runs one widget of a dashboard for whoever is looking at it: the explorer query with the
 * dashboard's (or the URL's) date range and filters plus the widget's own filters, under the
 * VIEWER's analytics context (their billing scope), never the owner's; or a saved workbench
 * dataset re-run with that same scope; or an analysis page's list (anomalies, recommendations,
 * budgets) computed as that page computes it, for the viewer.
 */
import { costExplorer, type ExplorerResult } from "../analytics/explorer";
import type { AnalyticsContext } from "../analytics/run";
import type { Db } from "../runtime/postgres";
import { runAnomaliesWidget, runBudgetsWidget, runRecommendationsWidget, type AnomaliesWidgetResult, type BudgetsWidgetResult, type RecommendationsWidgetResult } from "./analysis-widgets";
import { runDatasetWidget, type DatasetWidgetResult } from "./dataset-widget";
import type { DashboardFilter, DashboardRange, Widget } from "./model";

/** Told apart by `source`: "rollup" | "raw" for an explorer query, else the widget query's source. */
export type WidgetResult = ExplorerResult | DatasetWidgetResult | AnomaliesWidgetResult | RecommendationsWidgetResult | BudgetsWidgetResult;

export async function runWidget(
  ctx: AnalyticsContext & { db: Db; viewerId: string; /** the viewer sees every budget (all-data access) */ allData: boolean },
  widget: Widget,
  slice: DashboardRange & { filters: DashboardFilter[] },
): Promise<WidgetResult> {
  const query = widget.query;
  switch (query.source) {
    case "explorer":
      return costExplorer(ctx, {
        from: slice.from,
        to: slice.to,
        filters: [...slice.filters, ...query.filters],
        metric: query.metric,
        groupBy: query.groupBy,
        granularity: query.granularity,
        sort: "value_desc",
        pageSize: query.limit,
        topSeries: Math.min(query.limit, 20),
      });
    case "dataset":
      // the dataset's SQL is fixed: the dashboard's range and filters do not apply
      return runDatasetWidget(ctx.db, ctx.ch, { id: ctx.viewerId, scope: ctx.scope }, { ...widget, query });
    case "anomalies":
      return runAnomaliesWidget(ctx, query, slice);
    case "recommendations":
      return runRecommendationsWidget(ctx, query, slice);
    case "budgets":
      return runBudgetsWidget(ctx, query);
  }
}
