/**
 * The table of a CSV or XLSX report: the page's numbers computed by the analytics functions with the
 * recipient's billing scope (the same functions the dashboards call, so the scope predicate applies).
 */
import { costExplorer } from "../analytics/explorer";
import { breakdown } from "../analytics/breakdown";
import { detectAnomalies } from "../analytics/anomalies";
import type { AnalyticsContext } from "../analytics/run";
import type { ExportTable } from "../analytics/export/table";
import type { ReportPage } from "../db/schema/reports";

export class ReportInputError extends Error {
  override name = "ReportInputError";
}

/** The page's query string: `groupBy` (costs, overview) or `hierarchy` (breakdown), `dimension` (anomalies). */
export async function reportTable(ctx: AnalyticsContext, page: ReportPage, query: URLSearchParams, period: { from: string; to: string }, title: string): Promise<ExportTable> {
  switch (page) {
    case "overview":
    case "costs": {
      const groupBy = query.get("groupBy") ?? "ServiceName";
      const r = await costExplorer(ctx, { ...period, granularity: "month", groupBy, metric: query.get("metric") ?? "EffectiveCost", pageSize: 1000 });
      return { name: title, columns: [groupBy, "Currency", r.metric], rows: r.rows.map((x) => [x.group, x.currency, x.value]) };
    }
    case "breakdown": {
      const hierarchy = query.get("hierarchy") === "account" ? "account" : "service";
      const r = await breakdown(ctx, { ...period, hierarchy });
      return { name: title, columns: [r.column, "Currency", "EffectiveCost"], rows: r.nodes.map((n) => [n.name, n.currency, n.value]) };
    }
    case "anomalies": {
      const r = await detectAnomalies(ctx, { ...period, dimension: query.get("dimension") ?? "ServiceName" });
      return {
        name: title,
        columns: ["Day", "Dimension", "Value", "Currency", "Actual", "Expected", "Severity"],
        rows: r.anomalies.map((a) => [a.day, a.dimension, a.value, a.currency, a.actual, a.expected.toFixed(2), a.severity]),
      };
    }
    case "budgets":
      throw new ReportInputError("The budgets page is sent as PDF only");
  }
}
