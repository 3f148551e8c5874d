import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Runtime } from "~/domain/runtime";
import { auditLog } from "~/domain/db/schema";
import { addDays } from "~/domain/analytics/filters";
import { rebuildAllRollups } from "~/domain/analytics/rollups";
import { insertFocusRows, type FocusRowInput } from "../analytics/focus-rows";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";
import { people } from "../helpers/people";
import { effectiveCostPerCurrency, perCurrency } from "../helpers/cost-oracle";
import type { ExplorerResult } from "~/domain/analytics/explorer";
import type { WidgetResult } from "~/domain/dashboards/run-widget";

/**
 * Dashboards end to end through the tRPC callers: widgets of a shared dashboard give each viewer
 * only their scope's totals (oracle: SQL written here over focus_billing_data), sharing rules
 * (owner / edit / view / not shared), duplicate and template copies.
 *
 * Data, every day 2025-02-01 … 2025-03-31:
 *   ba-1 / sub-a / Virtual Machines  : 100 EUR
 *   ba-1 / sub-b / Storage Accounts  :  20 EUR
 *   ba-2 / sub-c / SQL Database      :  30 USD (600 USD on 2025-03-05)
 */
function dataset(): FocusRowInput[] {
  const rows: FocusRowInput[] = [];
  for (let d = "2025-02-01"; d <= "2025-03-31"; d = addDays(d, 1)) {
    rows.push({ day: d, cost: "100.00", billingAccount: "ba-1", subAccount: "sub-a", resourceGroup: "rg-app" });
    rows.push({ day: d, cost: "20.00", billingAccount: "ba-1", subAccount: "sub-b", resourceGroup: "rg-data", service: "Storage Accounts", category: "Storage", subcategory: "Storage" });
    rows.push({ day: d, cost: d === "2025-03-05" ? "600.00" : "30.00", currency: "USD", billingAccount: "ba-2", subAccount: "sub-c", resourceGroup: "rg-sql", service: "SQL Database", category: "Databases", subcategory: "Databases" });
  }
  return rows;
}

let rt: Runtime;
const users = people(() => rt);
const { ids, as } = users;

const oracle = (where: string, from: string, to: string, extra?: string) => effectiveCostPerCurrency(rt.ch, where, from, to, extra);

const RANGE = { from: "2025-02-01", to: "2025-03-31" };
/** These widgets are explorer queries: narrows the widget result to the explorer's shape. */
const explorer = async (p: Promise<WidgetResult>): Promise<ExplorerResult> => {
  const r = await p;
  if (r.source !== "rollup" && r.source !== "raw") throw new Error("expected an explorer widget");
  return r;
};
const widgets = [
  { id: "total", type: "kpi" as const, title: "Total", query: { source: "explorer" as const, metric: "EffectiveCost" as const, granularity: "month" as const, filters: [], limit: 10 } },
  { id: "by-sub", type: "stacked_bar" as const, title: "By subscription", query: { source: "explorer" as const, metric: "EffectiveCost" as const, groupBy: "SubAccountId", granularity: "month" as const, filters: [], limit: 10 } },
  { id: "by-service", type: "table" as const, title: "By service", query: { source: "explorer" as const, metric: "EffectiveCost" as const, groupBy: "ServiceName", granularity: "month" as const, filters: [], limit: 10 } },
];
const layout = [
  { i: "total", x: 0, y: 0, w: 3, h: 3 },
  { i: "by-sub", x: 3, y: 0, w: 9, h: 6 },
  { i: "by-service", x: 0, y: 3, w: 3, h: 6 },
];
let dashId = "";

beforeAll(async () => {
  rt = await freshEmbeddedRuntime("dashboards");
  await insertFocusRows(rt.ch, dataset());
  await rebuildAllRollups(rt.ch);
  await users.add([["admin@x.io", "admin"], ["owner@x.io", "analyst"], ["ba2@x.io", "viewer"], ["subb@x.io", "viewer"], ["stranger@x.io", "viewer"], ["analyst2@x.io", "analyst"]]);
  const admin = as("admin@x.io");
  await admin.grants.setDataAccess({ userId: ids["ba2@x.io"]!, dataAccess: "granted" });
  await admin.grants.create({ userId: ids["ba2@x.io"]!, role: "viewer", scopeKind: "billing_account", scopeValue: "ba-2" });
  const team = await admin.groups.create({ name: "storage team", description: "", oidcGroup: "" });
  await admin.groups.addMember({ groupId: team.id, userId: ids["subb@x.io"]! });
  await admin.grants.setDataAccess({ userId: ids["subb@x.io"]!, dataAccess: "granted" });
  await admin.grants.create({ groupId: team.id, role: "viewer", scopeKind: "sub_account", scopeValue: "sub-b" });

  const owner = as("owner@x.io");
  dashId = (await owner.dashboards.create({ name: "Team costs", range: RANGE })).id;
  await owner.dashboards.save({ id: dashId, body: { name: "Team costs", description: "", range: RANGE, filters: [], widgets, layout } });
  await owner.dashboards.setShares({
    id: dashId,
    shares: [
      { kind: "user", email: "BA2@x.io", permission: "view" },
      { kind: "group", groupId: team.id, permission: "edit" },
    ],
  });
}, 180_000);
afterAll(async () => rt?.close());

describe("widgets run with the viewer's scope", () => {
  const cases = [
    ["owner@x.io", "1 = 1"],
    ["ba2@x.io", "BillingAccountId = 'ba-2'"],
    ["subb@x.io", "SubAccountId = 'sub-b'"],
  ] as const;
  it.each(cases)("%s sees its scope's totals in every widget", async (email, where) => {
    const want = await oracle(where, RANGE.from, RANGE.to);
    expect(Object.keys(want).length).toBeGreaterThan(0);
    for (const w of widgets) {
      const r = await explorer(as(email).dashboards.widget({ id: dashId, widgetId: w.id }));
      expect(perCurrency(r.totals)).toEqual(want);
      if (w.type !== "kpi") expect(perCurrency(r.rows)).toEqual(want);
    }
  });

  it("the URL's range and filters replace the dashboard's for the viewer, still scoped", async () => {
    const r = await explorer(as("ba2@x.io").dashboards.widget({ id: dashId, widgetId: "total", from: "2025-03-01", to: "2025-03-10" }));
    expect(perCurrency(r.totals)).toEqual(await oracle("BillingAccountId = 'ba-2'", "2025-03-01", "2025-03-10"));
    expect(perCurrency(r.totals)).toEqual({ USD: 9 * 30 + 600 });
    const filtered = await explorer(as("owner@x.io").dashboards.widget({ id: dashId, widgetId: "by-sub", filters: [{ dim: "ServiceName", op: "in", values: ["Storage Accounts"] }] }));
    expect(perCurrency(filtered.rows)).toEqual(await oracle("ServiceName = 'Storage Accounts'", RANGE.from, RANGE.to));
  });
});

describe("sharing rules", () => {
  const body = { name: "Renamed", description: "", range: RANGE, filters: [], widgets, layout };

  it("lists the dashboard as shared with the user, the group member and nobody else", async () => {
    expect((await as("ba2@x.io").dashboards.list()).shared.map((d) => [d.name, d.permission])).toEqual([["Team costs", "view"]]);
    expect((await as("subb@x.io").dashboards.list()).shared.map((d) => [d.name, d.permission])).toEqual([["Team costs", "edit"]]);
    expect((await as("stranger@x.io").dashboards.list()).shared).toEqual([]);
    expect((await as("owner@x.io").dashboards.list()).mine.map((d) => d.name)).toEqual(["Team costs"]);
  });

  it("a viewer cannot edit, delete or re-share", async () => {
    const v = as("ba2@x.io");
    await expect(v.dashboards.save({ id: dashId, body })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(v.dashboards.remove({ id: dashId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(v.dashboards.setShares({ id: dashId, shares: [] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await v.dashboards.get({ id: dashId })).shares).toEqual([]);
  });

  it("a user it is not shared with gets NOT_FOUND for everything", async () => {
    const s = as("stranger@x.io");
    await expect(s.dashboards.get({ id: dashId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(s.dashboards.widget({ id: dashId, widgetId: "total" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(s.dashboards.save({ id: dashId, body })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(s.dashboards.duplicate({ id: dashId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("an editor (via a group) saves changes but cannot delete or share", async () => {
    const e = as("subb@x.io");
    await e.dashboards.save({ id: dashId, body: { ...body, name: "Team costs" } });
    await expect(e.dashboards.remove({ id: dashId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(e.dashboards.setShares({ id: dashId, shares: [] })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("a role share reaches everyone with at least that role", async () => {
    const owner = as("owner@x.io");
    const other = (await owner.dashboards.create({ name: "For analysts", range: RANGE })).id;
    await owner.dashboards.setShares({ id: other, shares: [{ kind: "role", role: "analyst", permission: "view" }] });
    expect((await as("analyst2@x.io").dashboards.get({ id: other })).permission).toBe("view");
    expect((await as("admin@x.io").dashboards.get({ id: other })).permission).toBe("view");
    await expect(as("stranger@x.io").dashboards.get({ id: other })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses an unknown email and a layout that misses a widget, with a message", async () => {
    const owner = as("owner@x.io");
    await expect(owner.dashboards.setShares({ id: dashId, shares: [{ kind: "user", email: "ghost@x.io", permission: "view" }] })).rejects.toMatchObject({
      code: "BAD_REQUEST", message: "No user with the email ghost@x.io",
    });
    await expect(owner.dashboards.save({ id: dashId, body: { ...body, layout: layout.slice(1) } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const badWidget = { ...widgets[1]!, query: { ...widgets[1]!.query, groupBy: "NoSuchColumn" } };
    await expect(owner.dashboards.save({ id: dashId, body: { ...body, widgets: [widgets[0]!, badWidget, widgets[2]!] } })).rejects.toMatchObject({
      code: "BAD_REQUEST", message: expect.stringContaining("cannot group or filter by"),
    });
    // the refused share did not drop the existing ones
    expect((await owner.dashboards.get({ id: dashId })).shares.map((s) => s.kind).sort()).toEqual(["group", "user"]);
  });

  it("audits sharing with who it was shared with", async () => {
    const rows = await rt.db.select().from(auditLog).where(eq(auditLog.action, "dashboard.share"));
    expect(JSON.stringify(rows[0]?.details)).toContain("ba2@x.io");
  });
});

describe("duplicate and templates", () => {
  it("a viewer's duplicate is their own editable copy, without the original's shares", async () => {
    const v = as("ba2@x.io");
    const { id } = await v.dashboards.duplicate({ id: dashId });
    const copy = await v.dashboards.get({ id });
    expect(copy.permission).toBe("owner");
    expect(copy.name).toBe("Copy of Team costs");
    expect(copy.widgets).toEqual(widgets);
    expect(copy.layout).toEqual(layout);
    expect(copy.shares).toEqual([]);
    await v.dashboards.save({ id, body: { name: "Mine now", description: "", range: RANGE, filters: [], widgets: widgets.slice(0, 1), layout: layout.slice(0, 1) } });
    expect((await as("owner@x.io").dashboards.get({ id: dashId })).widgets).toHaveLength(3);
    await expect(as("owner@x.io").dashboards.get({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it.each(["cost-optimisation", "resource-utilisation", "budget-tracking"])("template %s opens as an editable copy whose widgets all run", async (key) => {
    const me = as("ba2@x.io");
    const { id } = await me.dashboards.fromTemplate({ key, range: RANGE });
    const d = await me.dashboards.get({ id });
    expect(d.permission).toBe("owner");
    expect(d.templateKey).toBe(key);
    expect(d.widgets.length).toBeGreaterThanOrEqual(4);
    const sources = new Set<string>();
    for (const w of d.widgets) {
      const r = await me.dashboards.widget({ id, widgetId: w.id });
      sources.add(w.query.source);
      // in ba-2's scope there is never EUR (ba-1's currency)
      if (r.source === "rollup" || r.source === "raw") expect(r.currencies.every((c) => c === "USD")).toBe(true);
      else if (r.source === "anomalies") expect(r.anomalies.every((a) => a.currency === "USD")).toBe(true);
      else if (r.source === "recommendations") expect(r.recommendations.every((x) => x.currency === "USD")).toBe(true);
      else if (r.source === "budgets") expect(r.budgets).toEqual([]); // a viewer owns no budget
      else throw new Error(`unexpected widget source ${r.source}`);
    }
    // each template uses its analysis list (issue 14: anomalies and recommendations; idle/untagged; budgets)
    expect([...sources].filter((s) => s !== "explorer").sort()).toEqual(
      { "cost-optimisation": ["anomalies", "recommendations"], "resource-utilisation": ["recommendations"], "budget-tracking": ["budgets"] }[key],
    );
    await me.dashboards.save({ id, body: { name: "Edited", description: d.description, range: d.range, filters: d.filters, widgets: d.widgets.slice(1), layout: d.layout.filter((l) => l.i !== d.widgets[0]!.id) } });
    const again = await me.dashboards.get({ id: (await me.dashboards.fromTemplate({ key, range: RANGE })).id });
    expect(again.widgets).toHaveLength(d.widgets.length);
  });

  it("the budget-tracking KPI gives the viewer's scoped total", async () => {
    const me = as("ba2@x.io");
    const { id } = await me.dashboards.fromTemplate({ key: "budget-tracking", range: RANGE });
    const r = await explorer(me.dashboards.widget({ id, widgetId: "total" }));
    expect(perCurrency(r.totals)).toEqual(await oracle("BillingAccountId = 'ba-2'", RANGE.from, RANGE.to));
  });
});
