import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "~/domain/runtime";
import { addDays } from "~/domain/analytics/filters";
import { rebuildAllRollups } from "~/domain/analytics/rollups";
import type { WidgetResult } from "~/domain/dashboards/run-widget";
import { insertFocusRows, type FocusRowInput } from "../analytics/focus-rows";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";
import { people } from "../helpers/people";

/**
 * Anomalies, recommendations and budgets widgets: for a scoped viewer each returns exactly what
 * that viewer's page procedure returns (anomalies.list open ones, recommendations.list,
 * budgets.list statuses), plus numbers checked by hand / SQL over focus_billing_data.
 *
 * Data, every day 2025-02-01 … 2025-03-31 (EUR):
 *   sub-a Virtual Machines 100 (900 on 2025-03-10), untagged
 *   sub-a SQL Database      50 (1000 on 2025-03-20), untagged
 *   sub-b Storage Accounts  20 (300 on 2025-03-12), tagged CostCenter=cc1
 */
function rows(): FocusRowInput[] {
  const out: FocusRowInput[] = [];
  for (let d = "2025-02-01"; d <= "2025-03-31"; d = addDays(d, 1)) {
    out.push({ day: d, cost: d === "2025-03-10" ? "900.00" : "100.00", subAccount: "sub-a", service: "Virtual Machines" });
    out.push({ day: d, cost: d === "2025-03-20" ? "1000.00" : "50.00", subAccount: "sub-a", service: "SQL Database", category: "Databases", subcategory: "Databases" });
    out.push({ day: d, cost: d === "2025-03-12" ? "300.00" : "20.00", subAccount: "sub-b", service: "Storage Accounts", category: "Storage", subcategory: "Storage", tags: { CostCenter: "cc1" } });
  }
  return out;
}

let rt: Runtime;
const users = people(() => rt);
const { ids, as } = users;
const RANGE = { from: "2025-03-01", to: "2025-03-31" };
let dashId = "";

const widgets = [
  { id: "anomalies", type: "table" as const, title: "Open anomalies", query: { source: "anomalies" as const, dimension: "ServiceName" as const, severities: [], minDelta: 10, limit: 10 } },
  { id: "anomalies-low", type: "table" as const, title: "Low ones", query: { source: "anomalies" as const, dimension: "ServiceName" as const, severities: ["low" as const], minDelta: 10, limit: 10 } },
  { id: "recs", type: "table" as const, title: "Recommendations", query: { source: "recommendations" as const, kinds: [], limit: 50 } },
  { id: "untagged", type: "kpi" as const, title: "Untagged", query: { source: "recommendations" as const, kinds: ["untagged-spend" as const], limit: 10 } },
  { id: "budgets", type: "table" as const, title: "Budgets", query: { source: "budgets" as const, limit: 10 } },
];
const layout = widgets.map((w, n) => ({ i: w.id, x: 0, y: n * 4, w: 12, h: 4 }));

beforeAll(async () => {
  rt = await freshEmbeddedRuntime("analysis-widgets");
  await insertFocusRows(rt.ch, rows());
  await rebuildAllRollups(rt.ch);
  await users.add([["admin@x.io", "admin"], ["suba@x.io", "analyst"]]);
  const admin = as("admin@x.io");
  await admin.grants.setDataAccess({ userId: ids["suba@x.io"]!, dataAccess: "granted" });
  await admin.grants.create({ userId: ids["suba@x.io"]!, role: "analyst", scopeKind: "sub_account", scopeValue: "sub-a" });
  await admin.budgets.create({ name: "Company", amount: "10000", currency: "EUR", period: "monthly", metric: "EffectiveCost", filters: [], thresholds: [80, 100] });
  await as("suba@x.io").budgets.create({ name: "Team A", amount: "5000", currency: "EUR", period: "monthly", metric: "EffectiveCost", filters: [], thresholds: [80, 100] });
  dashId = (await admin.dashboards.create({ name: "Analysis", range: RANGE })).id;
  await admin.dashboards.save({ id: dashId, body: { name: "Analysis", description: "", range: RANGE, filters: [], widgets, layout } });
  await admin.dashboards.setShares({ id: dashId, shares: [{ kind: "user", email: "suba@x.io", permission: "view" }] });
}, 180_000);
afterAll(async () => rt?.close());

const widget = <S extends WidgetResult["source"]>(email: string, widgetId: string, source: S) =>
  as(email).dashboards.widget({ id: dashId, widgetId }).then((r) => {
    if (r.source !== source) throw new Error(`expected a ${source} widget, got ${r.source}`);
    return r as Extract<WidgetResult, { source: S }>;
  });

describe("anomalies widget", () => {
  it("gives a scoped viewer the open anomalies their anomalies page lists, with severity filter", async () => {
    const me = as("suba@x.io");
    // an analyst's verdict takes the SQL spike off the open list
    await me.anomalies.setStatus({ dimension: "ServiceName", value: "SQL Database", day: "2025-03-20", currency: "EUR", status: "dismissed", note: "" });
    const page = await me.anomalies.list({ ...RANGE, dimension: "ServiceName", minDelta: 10 });
    const w = await widget("suba@x.io", "anomalies", "anomalies");
    expect(w.anomalies).toEqual(page.anomalies.filter((a) => a.status === "open"));
    // by hand: only sub-a's VM spike (sub-b's storage spike is out of scope, the SQL one dismissed)
    expect(w.anomalies.map((a) => [a.value, a.day, Number(a.actual), a.expected])).toEqual([["Virtual Machines", "2025-03-10", 900, 100]]);
    expect(page.anomalies.map((a) => a.value).sort()).toEqual(["SQL Database", "Virtual Machines"]);
    expect((await widget("suba@x.io", "anomalies-low", "anomalies")).anomalies).toEqual([]);
    // the admin sees sub-b's spike too
    const all = await widget("admin@x.io", "anomalies", "anomalies");
    expect(all.anomalies.map((a) => a.value).sort()).toEqual(["Storage Accounts", "Virtual Machines"]);
  });
});

describe("recommendations widget", () => {
  it("gives a scoped viewer their recommendations page's list; the untagged KPI is checked by SQL", async () => {
    const page = await as("suba@x.io").recommendations.list({ ...RANGE, filters: [] });
    const w = await widget("suba@x.io", "recs", "recommendations");
    expect(w.recommendations).toEqual(page);
    expect(w.recommendations.length).toBeGreaterThan(0);
    const kpi = await widget("suba@x.io", "untagged", "recommendations");
    expect(kpi.recommendations).toEqual(page.filter((r) => r.kind === "untagged-spend"));
    // oracle: sub-a's untagged usage in March by hand (31*100 + 800 + 31*50 + 950) and by SQL
    const rs = await rt.ch.query({
      query: "SELECT toString(sum(EffectiveCost)) FROM focus_billing_data WHERE SubAccountId = 'sub-a' AND Tags IS NULL AND ChargePeriodStart >= '2025-03-01' AND ChargePeriodStart < '2025-04-01'",
      format: "JSONCompactEachRow",
    });
    const sql = (await rs.json<[string]>())[0]![0];
    expect(Number(sql)).toBe(6400);
    expect(kpi.totals.map((t) => [t.currency, Number(t.value)])).toEqual([["EUR", 6400]]);
  });
});

describe("budgets widget", () => {
  it("gives a scoped analyst their budgets page's statuses: their own budget, actual in their scope", async () => {
    const page = await as("suba@x.io").budgets.list();
    const w = await widget("suba@x.io", "budgets", "budgets");
    expect(w.budgets.map((b) => ({ name: b.name, status: b.status }))).toEqual(page.map((p) => ({ name: p.budget.name, status: p.status })));
    expect(w.budgets.map((b) => b.name)).toEqual(["Team A"]);
    // by hand: March (the latest data month) in sub-a = 6400; variance 5000 - 6400
    expect(Number(w.budgets[0]!.status.actual)).toBe(6400);
    expect(Number(w.budgets[0]!.status.variance)).toBe(-1400);
    // the admin sees both, each computed over all data: 6400 + 31*20 + 280
    const admin = await widget("admin@x.io", "budgets", "budgets");
    expect(admin.budgets.map((b) => [b.name, Number(b.status.actual)])).toEqual([["Company", 7300], ["Team A", 7300]]);
  });
});

describe("analysis widget types", () => {
  it("refuses a chart fed by a list", async () => {
    const bad = [{ id: "b", type: "heatmap" as const, title: "Heat", query: { source: "budgets" as const, limit: 10 } }];
    await expect(as("admin@x.io").dashboards.save({ id: dashId, body: { name: "Analysis", description: "", range: RANGE, filters: [], widgets: bad, layout: [{ i: "b", x: 0, y: 0, w: 4, h: 4 }] } }))
      .rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/feeds a KPI or a table, not a heatmap/) });
  });
});
