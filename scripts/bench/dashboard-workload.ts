/** The queries each dashboard page runs, for benchmarks (one entry per page interaction). */
import { detectAnomalies } from "../../src/domain/analytics/anomalies";
import { breakdown } from "../../src/domain/analytics/breakdown";
import { budgetStatus } from "../../src/domain/analytics/budgets";
import { commitmentCoverage, commitmentDaily, commitmentSavings, commitmentUtilisation } from "../../src/domain/analytics/commitments";
import { compileSlice } from "../../src/domain/analytics/compiled-slice";
import { costExplorer } from "../../src/domain/analytics/explorer";
import { addDays } from "../../src/domain/analytics/filters";
import { heatmap } from "../../src/domain/analytics/heatmap";
import { overview } from "../../src/domain/analytics/overview";
import { recommendations } from "../../src/domain/analytics/recommendations";
import type { AnalyticsContext } from "../../src/domain/analytics/run";

export function dashboardWorkload(last: string): { name: string; run: (ctx: AnalyticsContext) => Promise<unknown> }[] {
  const d30 = { from: addDays(last, -29), to: last, filters: [] };
  const d90 = { from: addDays(last, -89), to: last, filters: [] };
  return [
    { name: "overview", run: (c) => overview(c) },
    { name: "costs.byService", run: (c) => costExplorer(c, { ...d30, groupBy: "ServiceName" }) },
    { name: "costs.bySubAccountWeekly", run: (c) => costExplorer(c, { ...d90, granularity: "week", groupBy: "SubAccountName", filters: [{ dim: "ServiceCategory", op: "in", values: ["Compute"] }] }) },
    { name: "costs.byTag", run: (c) => costExplorer(c, { ...d30, groupBy: "tag:team" }) },
    { name: "costs.tagFilter", run: (c) => costExplorer(c, { ...d30, groupBy: "ServiceName", filters: [{ dim: "tag:env", op: "in", values: ["prod"] }] }) },
    { name: "breakdown.service", run: (c) => breakdown(c, { ...d30, hierarchy: "service", path: ["Compute"] }) },
    { name: "breakdown.account", run: (c) => breakdown(c, { ...d30, hierarchy: "account" }) },
    { name: "heatmap", run: (c) => heatmap(c, { ...d30, rows: "resource", measure: "cost" }) },
    {
      name: "commitments",
      run: (c) => {
        const s = compileSlice(d30, c.scope); // as the commitments.summary procedure does
        return Promise.all([commitmentCoverage(c, s), commitmentSavings(c, s), commitmentUtilisation(c, s), commitmentDaily(c, s)]);
      },
    },
    {
      name: "budgets",
      run: (c) => budgetStatus(c, { id: "bench", name: "bench", filters: [{ dim: "ServiceCategory", op: "in", values: ["Compute"] }], amount: "100000", currency: "USD", period: "monthly", metric: "EffectiveCost", thresholds: [100] }),
    },
    { name: "anomalies", run: (c) => detectAnomalies(c, { ...d30, dimension: "SubAccountName" }) },
    { name: "recommendations", run: (c) => recommendations(c, d30) },
  ];
}
