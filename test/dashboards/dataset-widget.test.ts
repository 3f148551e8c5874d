import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Runtime } from "~/domain/runtime";
import { grants, users } from "~/domain/db/schema";
import { createCaller } from "~/server/api/root";
import { createTRPCContext } from "~/server/api/trpc";
import { addUser, openIdentityRuntime, sessionCookie } from "../identity/identity-harness";
import { insertFocusRows } from "../analytics/focus-rows";

/**
 * Dashboard widgets fed by a saved workbench dataset: run with the VIEWER's scope (oracle: SQL
 * written here over focus_billing_data), and a clear error for a viewer who may not read it.
 */
describe("dataset widgets", () => {
  let rt: Runtime;
  const caller = async (u: { id: string; email: string }) =>
    createCaller(await createTRPCContext({ headers: new Headers({ cookie: await sessionCookie({ sub: u.id, email: u.email, signedInAt: Date.now() }) }) }));
  const range = { from: "2025-03-01", to: "2025-03-31" };
  const layout = (ids: string[]) => ids.map((i, n) => ({ i, x: 0, y: n * 4, w: 6, h: 4 }));

  beforeAll(async () => {
    rt = await openIdentityRuntime("dataset-widgets");
    await insertFocusRows(rt.ch, [
      { day: "2025-03-01", cost: "1.25", subAccount: "sub-a", service: "Storage" },
      { day: "2025-03-02", cost: "2.50", subAccount: "sub-a", service: "Virtual Machines" },
      { day: "2025-03-02", cost: "0.75", subAccount: "sub-a", service: "Storage" },
      { day: "2025-03-03", cost: "700.00", subAccount: "sub-b", service: "Virtual Machines" },
      { day: "2025-03-04", cost: "40.10", subAccount: "sub-b", service: "SQL Database" },
    ]);
  }, 120_000);
  afterAll(() => rt?.close());

  /** Cost per service over the fact table, the scope written by hand. */
  const oracle = async (where: string) => {
    const rs = await rt.ch.query({
      query: `SELECT ServiceName, toFloat64(sum(EffectiveCost)) AS c FROM focus_billing_data WHERE ${where} GROUP BY ServiceName ORDER BY c DESC, ServiceName`,
      format: "JSONCompactEachRow",
    });
    return (await rs.json<[string, number]>()).map(([label, value]) => ({ label, value }));
  };
  const approx = (rows: { label: string; value: number }[]) => rows.map((r) => ({ label: r.label, value: expect.closeTo(r.value, 6) }));

  it("a shared dataset widget shows a scoped viewer only their scope's numbers; a private one is refused clearly", async () => {
    const ann = await addUser(rt, "ann-owner@example.com", "analyst");
    const sam = await addUser(rt, "sam-sub-a@example.com", "viewer");
    await rt.db.update(users).set({ dataAccess: "granted" }).where(eq(users.id, sam.id));
    await rt.db.insert(grants).values({ userId: sam.id, role: "viewer", scopeKind: "sub_account", scopeValue: "sub-a" });
    const annC = await caller(ann);
    const samC = await caller(sam);

    const sql = "SELECT ServiceName, sum(EffectiveCost) AS cost FROM focus GROUP BY ServiceName ORDER BY cost DESC, ServiceName";
    const shared = await annC.workbench.saveDataset({ name: "Cost by service", sql, shared: true });
    const privateDs = await annC.workbench.saveDataset({ name: "Ann's own", sql, shared: false });

    // the widget dialog's list: the viewer sees the shared dataset only, with typed columns and no SQL
    const offered = await samC.dashboards.datasets();
    expect(offered.map((d) => d.name)).toEqual(["Cost by service"]);
    expect(offered[0]).not.toHaveProperty("sql");
    expect(offered[0]!.columns.map((c) => c.name)).toEqual(["ServiceName", "cost"]);

    const { id } = await annC.dashboards.create({ name: "Datasets", range });
    const q = { source: "dataset" as const, datasetId: shared.id, labelColumn: "ServiceName", valueColumn: "cost", limit: 10 };
    const widgets = [
      { id: "kpi", type: "kpi" as const, title: "Total", query: { ...q, labelColumn: undefined } },
      { id: "table", type: "table" as const, title: "By service", query: q },
      { id: "bar", type: "stacked_bar" as const, title: "Top one", query: { ...q, limit: 1 } },
      { id: "mine", type: "table" as const, title: "Private", query: { ...q, datasetId: privateDs.id } },
    ];
    await annC.dashboards.save({ id, body: { name: "Datasets", range, filters: [], widgets, layout: layout(widgets.map((w) => w.id)) } });
    await annC.dashboards.setShares({ id, shares: [{ kind: "user", email: sam.email, permission: "view" }] });

    const all = await oracle("1");
    const subA = await oracle("SubAccountId = 'sub-a'");
    // the oracle itself, checked by hand: sub-b's services are absent
    expect(subA).toEqual([{ label: "Virtual Machines", value: expect.closeTo(2.5, 6) }, { label: "Storage", value: expect.closeTo(2.0, 6) }]);

    // the owner sees everything
    const annTable = await annC.dashboards.widget({ id, widgetId: "table" });
    expect(annTable).toMatchObject({ source: "dataset", datasetName: "Cost by service", rows: approx(all), hiddenRows: 0 });
    // the scoped viewer: their sub-account's rows and total only
    const samTable = await samC.dashboards.widget({ id, widgetId: "table" });
    expect(samTable).toMatchObject({ source: "dataset", rows: approx(subA) });
    const samKpi = await samC.dashboards.widget({ id, widgetId: "kpi" });
    expect(samKpi).toMatchObject({ source: "dataset", total: expect.closeTo(1.25 + 2.5 + 0.75, 6) });
    const samBar = await samC.dashboards.widget({ id, widgetId: "bar" });
    expect(samBar).toMatchObject({ rows: approx(subA.slice(0, 1)), hiddenRows: 1, total: expect.closeTo(4.5, 6) });

    // the owner's private dataset: the viewer is told why, without its name or rows
    const refused = samC.dashboards.widget({ id, widgetId: "mine" });
    await expect(refused).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/not shared with you; ask its owner to share the dataset/) });
    await expect(refused).rejects.not.toMatchObject({ message: expect.stringContaining("Ann's own") });
    expect(await annC.dashboards.widget({ id, widgetId: "mine" })).toMatchObject({ rows: approx(all) });

    // a deleted dataset says so
    await annC.workbench.deleteDataset({ id: privateDs.id });
    await expect(annC.dashboards.widget({ id, widgetId: "mine" })).rejects.toMatchObject({ code: "NOT_FOUND", message: expect.stringMatching(/was deleted/) });
  });

  it("refuses a dataset widget without a label column, a heatmap, and a value column that is not a number", async () => {
    const al = await addUser(rt, "al-analyst@example.com", "analyst");
    const c = await caller(al);
    const ds = await c.workbench.saveDataset({ name: "Text cost", sql: "SELECT ServiceName, toString(sum(EffectiveCost)) AS cost FROM focus GROUP BY ServiceName", shared: false });
    const { id } = await c.dashboards.create({ name: "Bad", range });
    const q = { source: "dataset" as const, datasetId: ds.id, labelColumn: "ServiceName", valueColumn: "cost", limit: 10 };
    const save = (w: { id: string; type: "table" | "heatmap"; title: string; query: typeof q | Omit<typeof q, "labelColumn"> }) =>
      c.dashboards.save({ id, body: { name: "Bad", range, filters: [], widgets: [w], layout: layout([w.id]) } });
    await expect(save({ id: "h", type: "heatmap", title: "Heat", query: q })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/cannot feed a heatmap/) });
    await expect(save({ id: "t", type: "table", title: "No label", query: { source: "dataset", datasetId: ds.id, valueColumn: "cost", limit: 10 } })).rejects.toMatchObject({
      code: "BAD_REQUEST", message: expect.stringMatching(/Pick a label column/),
    });
    await save({ id: "t", type: "table", title: "Text", query: q });
    await expect(c.dashboards.widget({ id, widgetId: "t" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/cost of "Text cost" is String, not a number/) });
  });
});
