/**
 * Runs one widget of a dashboard for whoever is looking at it: the explorer query with the
 * dashboard's (or the URL's) date range and filters plus the widget's own filters, under the
 * VIEWER's analytics context (their billing scope), never the owner's.
 */
import { costExplorer, type ExplorerResult } from "../analytics/explorer";
import type { AnalyticsContext } from "../analytics/run";
import type { DashboardFilter, DashboardRange, Widget } from "./model";

export type WidgetResult = ExplorerResult;

export async function runWidget(ctx: AnalyticsContext, widget: Widget, slice: DashboardRange & { filters: DashboardFilter[] }): Promise<WidgetResult> {
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
  }
}
