/**
 * Ready-made dashboards. Opening one makes an editable copy owned by the user; every widget (an
 * explorer query or an anomalies / recommendations / budgets list) runs with the viewer's scope.
 */
import type { DashboardBody, LayoutItem, Widget } from "./model";

export type DashboardTemplate = { key: string; name: string; description: string; widgets: Widget[]; layout: LayoutItem[] };

const q = (over: Partial<Extract<Widget["query"], { source: "explorer" }>> = {}): Widget["query"] => ({
  source: "explorer", metric: "EffectiveCost", granularity: "month", filters: [], limit: 10, ...over,
});

export const TEMPLATES: DashboardTemplate[] = [
  {
    key: "cost-optimisation",
    name: "Cost optimisation",
    description: "Commitment savings, unused commitments and where spend spikes.",
    widgets: [
      { id: "savings", type: "kpi", title: "Savings against list prices", query: q({ metric: "Savings" }) },
      { id: "commitment-status", type: "stacked_bar", title: "Cost by commitment status", query: q({ groupBy: "CommitmentDiscountStatus" }) },
      { id: "savings-by-type", type: "trend", title: "Savings over time", query: q({ metric: "Savings", granularity: "week" }) },
      { id: "unused", type: "table", title: "Unused commitments", query: q({ groupBy: "CommitmentDiscountName", filters: [{ dim: "CommitmentDiscountStatus", op: "in", values: ["Unused"] }] }) },
      { id: "spikes", type: "heatmap", title: "Daily cost by service (spikes stand out)", query: q({ groupBy: "ServiceName", granularity: "day", limit: 12 }) },
      { id: "open-anomalies", type: "table", title: "Open anomalies (high and medium)", query: { source: "anomalies", dimension: "ServiceName", severities: ["high", "medium"], minDelta: 10, limit: 10 } },
      { id: "savings-at-stake", type: "kpi", title: "Savings recommended", query: { source: "recommendations", kinds: [], limit: 10 } },
      { id: "recommendations", type: "table", title: "Recommendations", query: { source: "recommendations", kinds: [], limit: 10 } },
    ],
    layout: [
      { i: "savings", x: 0, y: 0, w: 3, h: 3 },
      { i: "commitment-status", x: 3, y: 0, w: 9, h: 6 },
      { i: "savings-by-type", x: 0, y: 3, w: 3, h: 3 },
      { i: "unused", x: 0, y: 6, w: 5, h: 6 },
      { i: "spikes", x: 5, y: 6, w: 7, h: 6 },
      { i: "savings-at-stake", x: 0, y: 12, w: 3, h: 3 },
      { i: "open-anomalies", x: 3, y: 12, w: 9, h: 6 },
      { i: "recommendations", x: 0, y: 18, w: 12, h: 6 },
    ],
  },
  {
    key: "resource-utilisation",
    name: "Resource utilisation",
    description: "Top resources, idle and untagged spend, and commitment utilisation over time.",
    widgets: [
      { id: "top-resources", type: "table", title: "Top resources", query: q({ groupBy: "ResourceName", limit: 15 }) },
      { id: "by-type", type: "treemap", title: "Cost by resource type", query: q({ groupBy: "ResourceType", limit: 20 }) },
      { id: "untagged", type: "kpi", title: "Spend without a CostCenter tag", query: q({ filters: [{ dim: "tag:CostCenter", op: "in", values: [""] }] }) },
      { id: "utilisation", type: "stacked_bar", title: "Commitment utilisation (used vs unused)", query: q({ groupBy: "CommitmentDiscountStatus", granularity: "week", filters: [{ dim: "CommitmentDiscountStatus", op: "not_in", values: [""] }] }) },
      { id: "idle-untagged", type: "table", title: "Idle resources and untagged spend", query: { source: "recommendations", kinds: ["idle-resource", "untagged-spend"], limit: 10 } },
    ],
    layout: [
      { i: "untagged", x: 0, y: 0, w: 4, h: 3 },
      { i: "by-type", x: 4, y: 0, w: 8, h: 6 },
      { i: "top-resources", x: 0, y: 3, w: 4, h: 7 },
      { i: "utilisation", x: 4, y: 6, w: 8, h: 6 },
      { i: "idle-untagged", x: 0, y: 12, w: 12, h: 6 },
    ],
  },
  {
    key: "budget-tracking",
    name: "Budget tracking",
    description: "Each budget's actual, forecast and variance, with month by month spend per subscription and billing account.",
    widgets: [
      { id: "total", type: "kpi", title: "Effective cost in range", query: q() },
      { id: "monthly", type: "trend", title: "Monthly effective cost", query: q() },
      { id: "by-subscription", type: "stacked_bar", title: "Monthly cost by subscription", query: q({ groupBy: "SubAccountName" }) },
      { id: "by-account", type: "table", title: "Cost by billing account", query: q({ groupBy: "BillingAccountName" }) },
      { id: "budgets", type: "table", title: "Budgets: actual, forecast and variance", query: { source: "budgets", limit: 20 } },
    ],
    layout: [
      { i: "total", x: 0, y: 0, w: 3, h: 3 },
      { i: "monthly", x: 3, y: 0, w: 9, h: 5 },
      { i: "by-subscription", x: 0, y: 5, w: 8, h: 6 },
      { i: "by-account", x: 8, y: 5, w: 4, h: 6 },
      { i: "budgets", x: 0, y: 11, w: 12, h: 6 },
    ],
  },
];

export function templateBody(key: string, range: DashboardBody["range"]): (DashboardBody & { templateKey: string }) | null {
  const t = TEMPLATES.find((x) => x.key === key);
  if (!t) return null;
  return { name: t.name, description: t.description, range, filters: [], widgets: structuredClone(t.widgets), layout: structuredClone(t.layout), templateKey: t.key };
}
