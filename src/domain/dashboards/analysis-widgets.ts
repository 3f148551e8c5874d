/**
 * Dashboard widgets fed by the analysis pages' lists — open anomalies, recommendations, budget
 * statuses — computed by the same domain functions the pages use, with the VIEWER's analytics
 * context (their billing scope) and the dashboard's range and filters.
 */
import { asc, eq } from "drizzle-orm";
import { anomaliesWithStatus, type AnomalyWithStatus } from "../analytics/anomaly-status";
import { budgetStatus, type BudgetStatus } from "../analytics/budgets";
import { dec } from "../analytics/decimal";
import { recommendations, type Recommendation } from "../analytics/recommendations";
import type { AnalyticsContext } from "../analytics/run";
import { budgets } from "../db/schema";
import type { Db } from "../runtime/postgres";
import type { DashboardFilter, DashboardRange, Widget } from "./model";

type Q<S extends string> = Extract<Widget["query"], { source: S }>;
type Slice = DashboardRange & { filters: DashboardFilter[] };
/** Per currency: amounts in different currencies are never added. */
type Totals = { currency: string; value: string }[];

export type AnomaliesWidgetResult = { source: "anomalies"; dimension: string; anomalies: AnomalyWithStatus[]; count: number; hiddenRows: number };
export type RecommendationsWidgetResult = { source: "recommendations"; recommendations: Recommendation[]; count: number; totals: Totals; hiddenRows: number };
export type BudgetsWidgetResult = {
  source: "budgets";
  budgets: { id: string; name: string; currency: string; period: string; status: BudgetStatus }[];
  hiddenRows: number;
};

function totalsOf(items: { currency: string; amount: string }[]): Totals {
  const by = new Map<string, string[]>();
  for (const i of items) by.set(i.currency, [...(by.get(i.currency) ?? []), i.amount]);
  return [...by.entries()].map(([currency, amounts]) => ({ currency, value: dec.add(...amounts) }));
}

export async function runAnomaliesWidget(ctx: AnalyticsContext & { db: Db }, query: Q<"anomalies">, slice: Slice): Promise<AnomaliesWidgetResult> {
  const found = await anomaliesWithStatus(ctx, ctx.db, { from: slice.from, to: slice.to, filters: slice.filters, dimension: query.dimension, minDelta: query.minDelta });
  const open = found.anomalies.filter((a) => a.status === "open" && (query.severities.length === 0 || query.severities.includes(a.severity)));
  return { source: "anomalies", dimension: query.dimension, anomalies: open.slice(0, query.limit), count: open.length, hiddenRows: Math.max(0, open.length - query.limit) };
}

export async function runRecommendationsWidget(ctx: AnalyticsContext, query: Q<"recommendations">, slice: Slice): Promise<RecommendationsWidgetResult> {
  const all = await recommendations(ctx, { from: slice.from, to: slice.to, filters: slice.filters });
  const picked = all.filter((r) => query.kinds.length === 0 || query.kinds.includes(r.kind));
  return { source: "recommendations", recommendations: picked.slice(0, query.limit), count: picked.length, totals: totalsOf(picked), hiddenRows: Math.max(0, picked.length - query.limit) };
}

/** Budgets the viewer sees by the budgets page's rule: every budget with all-data access, else their own. */
export async function runBudgetsWidget(ctx: AnalyticsContext & { db: Db; viewerId: string; allData: boolean }, query: Q<"budgets">): Promise<BudgetsWidgetResult> {
  const rows = await ctx.db.select().from(budgets).where(ctx.allData ? undefined : eq(budgets.createdBy, ctx.viewerId)).orderBy(asc(budgets.name));
  const shown = rows.slice(0, query.limit);
  const out = await Promise.all(
    shown.map(async (b) => ({ id: b.id, name: b.name, currency: b.currency, period: b.period, status: await budgetStatus(ctx, { ...b, amount: String(b.amount) }) })),
  );
  return { source: "budgets", budgets: out, hiddenRows: rows.length - shown.length };
}
