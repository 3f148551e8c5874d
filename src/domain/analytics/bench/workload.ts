/** The queries each dashboard page runs, for benchmarks (one entry per page interaction). */
import { detectAnomalies } from "../anomalies";
import { breakdown } from "../breakdown";
import { budgetStatus } from "../budgets";
import { commitmentCoverage, commitmentDaily, commitmentSavings, commitmentUtilisation } from "../commitments";
import { costExplorer } from "../explorer";
import { addDays } from "../filters";
import { heatmap } from "../heatmap";
import { overview } from "../overview";
import { recommendations } from "../recommendations";
import type { AnalyticsContext } from "../run";

export function dashboardWorkload(last: string): { name: string; run: (ctx: AnalyticsContext) => Promise<unknown> }[] {
  const d30 = { from: addDays(last, -29), to: last, filters: [] };
  const d90 = { from: addDays(last, -89), to: last, filters: [] };
  return [
    { name: "overview", run: (c) => overview(c) },
    { name: "costs.byService", run: (c) => costExplorer(c, { ...d30, groupBy: "ServiceName" }) },
    { name: "costs.bySubAccountWeekly", run: (c) => costExplorer(c, { ...d90, granularity: "week", groupBy: "SubAccountName", filters: [{ dim: "ServiceCategory", op: "in", values: ["Compute"] }] }) },
    { name: "costs.byTag", run: (c) => costExplorer(c, { ...d30, groupBy: "tag:team" }) },
    { name: "breakdown.service", run: (c) => breakdown(c, { ...d30, hierarchy: "service", path: ["Compute"] }) },
    { name: "breakdown.account", run: (c) => breakdown(c, { ...d30, hierarchy: "account" }) },
    { name: "heatmap", run: (c) => heatmap(c, { ...d30, rows: "resource", measure: "cost" }) },
    {
      name: "commitments",
      run: (c) => Promise.all([commitmentCoverage(c, d30), commitmentSavings(c, d30), commitmentUtilisation(c, d30), commitmentDaily(c, d30)]),
    },
    {
      name: "budgets",
      run: (c) => budgetStatus(c, { id: "bench", name: "bench", filters: [{ dim: "ServiceCategory", op: "in", values: ["Compute"] }], amount: "100000", currency: "USD", period: "monthly", metric: "EffectiveCost", thresholds: [100] }),
    },
    { name: "anomalies", run: (c) => detectAnomalies(c, { ...d30, dimension: "SubAccountName" }) },
    { name: "recommendations", run: (c) => recommendations(c, d30) },
  ];
}
