"use client";

import type { AnomaliesWidgetResult, BudgetsWidgetResult, RecommendationsWidgetResult } from "~/domain/dashboards/analysis-widgets";
import type { Widget } from "~/domain/dashboards/model";
import { formatMoney, label } from "../_dashboard/format";

type Result = AnomaliesWidgetResult | RecommendationsWidgetResult | BudgetsWidgetResult;

/** An anomalies / recommendations / budgets list drawn as a KPI (a count or a total) or a table. */
export function AnalysisBody({ widget, data }: { widget: Widget; data: Result }) {
  const more = data.hiddenRows > 0 ? <p className="muted">{data.hiddenRows} more not shown</p> : null;
  switch (data.source) {
    case "anomalies":
      if (widget.type === "kpi") return <div className="kpi-value" data-testid={`kpi-${widget.id}`}>{data.count} open</div>;
      if (data.anomalies.length === 0) return <p className="muted">No open anomalies in this range and scope.</p>;
      return (
        <>
          <table aria-label={widget.title} className="compact">
            <thead><tr><th>Day</th><th>{data.dimension}</th><th>Severity</th><th className="num">Actual</th><th className="num">Expected</th></tr></thead>
            <tbody>
              {data.anomalies.map((a) => (
                <tr key={`${a.value}|${a.day}|${a.currency}`}><td>{a.day}</td><td>{label(a.value)}</td><td>{a.severity}</td><td className="num">{formatMoney(a.actual, a.currency)}</td><td className="num">{formatMoney(a.expected, a.currency)}</td></tr>
              ))}
            </tbody>
          </table>
          {more}
        </>
      );
    case "recommendations":
      if (widget.type === "kpi") {
        if (data.totals.length === 0) return <p className="muted">No recommendations in this range and scope.</p>;
        return <div className="kpi-values">{data.totals.map((t) => <div key={t.currency} className="kpi-value" data-testid={`kpi-${widget.id}-${t.currency}`}>{formatMoney(t.value, t.currency)}</div>)}</div>;
      }
      if (data.recommendations.length === 0) return <p className="muted">No recommendations in this range and scope.</p>;
      return (
        <>
          <table aria-label={widget.title} className="compact">
            <thead><tr><th>Recommendation</th><th>Kind</th><th className="num">At stake</th></tr></thead>
            <tbody>
              {data.recommendations.map((r, i) => (
                <tr key={i}><td title={r.detail}>{r.title}</td><td>{r.kind}</td><td className="num">{formatMoney(r.amount, r.currency)}</td></tr>
              ))}
            </tbody>
          </table>
          {more}
        </>
      );
    case "budgets":
      if (data.budgets.length === 0) return <p className="muted">No budgets you can see.</p>;
      return (
        <>
          <table aria-label={widget.title} className="compact">
            <thead><tr><th>Budget</th><th>Period</th><th className="num">Amount</th><th className="num">Actual</th><th className="num">Forecast</th><th className="num">Variance</th></tr></thead>
            <tbody>
              {data.budgets.map((b) => (
                <tr key={b.id}>
                  <td>{b.name}</td>
                  <td>{b.status.period ? `${b.status.period.start} – ${b.status.period.end}` : b.period}</td>
                  <td className="num">{formatMoney(b.status.amount, b.currency)}</td>
                  <td className="num">{formatMoney(b.status.actual, b.currency)}</td>
                  <td className="num">{b.status.forecast ? formatMoney(b.status.forecast.mean, b.currency) : "—"}</td>
                  <td className="num">{formatMoney(b.status.variance, b.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {more}
        </>
      );
  }
}
