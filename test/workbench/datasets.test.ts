import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Runtime } from "~/domain/runtime";
import { auditLog, grants, users } from "~/domain/db/schema";
import { createCaller } from "~/server/api/root";
import { createTRPCContext } from "~/server/api/trpc";
import { addUser, openIdentityRuntime, sessionCookie } from "../identity/identity-harness";
import { insertFocusRows } from "../analytics/focus-rows";

/** Datasets through tRPC: saved once, re-run with each viewer's scope; owner-only delete; audited. */
describe("workbench datasets", () => {
  let rt: Runtime;
  const caller = async (u: { id: string; email: string }) =>
    createCaller(await createTRPCContext({ headers: new Headers({ cookie: await sessionCookie({ sub: u.id, email: u.email, signedInAt: Date.now() }) }) }));

  beforeAll(async () => {
    rt = await openIdentityRuntime("workbench-datasets");
    await insertFocusRows(rt.ch, [
      { day: "2025-03-01", cost: "1.25", subAccount: "sub-a", service: "Storage" },
      { day: "2025-03-02", cost: "2.50", subAccount: "sub-a", service: "Virtual Machines" },
      { day: "2025-03-03", cost: "700.00", subAccount: "sub-b", service: "Virtual Machines" },
    ]);
  }, 120_000);
  afterAll(() => rt?.close());

  const oracle = async (where: string) => {
    const rs = await rt.ch.query({ query: `SELECT ServiceName, toString(sum(EffectiveCost)) AS c FROM focus_billing_data WHERE ${where} GROUP BY ServiceName ORDER BY ServiceName`, format: "JSONCompactEachRow" });
    return rs.json<[string, string]>();
  };

  it("a shared dataset re-runs with the viewer's scope; only the owner deletes it", async () => {
    const ann = await addUser(rt, "ann-analyst@example.com", "analyst");
    const sam = await addUser(rt, "sam-scoped@example.com", "viewer");
    await rt.db.update(users).set({ dataAccess: "granted" }).where(eq(users.id, sam.id));
    await rt.db.insert(grants).values({ userId: sam.id, role: "analyst", scopeKind: "sub_account", scopeValue: "sub-a" });
    const vic = await addUser(rt, "vic-viewer@example.com", "viewer");
    const annC = await caller(ann);
    const samC = await caller(sam);

    const sql = "SELECT ServiceName, toString(sum(EffectiveCost)) AS cost FROM focus GROUP BY ServiceName ORDER BY ServiceName";
    const saved = await annC.workbench.saveDataset({ name: "Cost by service", sql, shared: true });
    expect(saved.columns).toEqual([
      { name: "ServiceName", type: "LowCardinality(String)" },
      { name: "cost", type: "String" },
    ]);

    const annRows = await annC.workbench.openDataset({ id: saved.id });
    expect(annRows.rows).toEqual(await oracle("1"));
    const samRows = await samC.workbench.openDataset({ id: saved.id });
    expect(samRows.rows).toEqual(await oracle("SubAccountId = 'sub-a'"));
    expect((await samC.workbench.listDatasets()).map((d) => [d.name, d.mine])).toEqual([["Cost by service", false]]);
    // an ad-hoc query through tRPC is scoped the same way
    const adHoc = await samC.workbench.run({ sql: "SELECT ServiceName, toString(sum(EffectiveCost)) FROM focus GROUP BY ServiceName ORDER BY ServiceName" });
    expect(adHoc.rows).toEqual(await oracle("SubAccountId = 'sub-a'"));

    await expect((await caller(vic)).workbench.openDataset({ id: saved.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(samC.workbench.deleteDataset({ id: saved.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await annC.workbench.deleteDataset({ id: saved.id });
    expect(await annC.workbench.listDatasets()).toEqual([]);

    const audit = await rt.db.select().from(auditLog).where(eq(auditLog.actorId, ann.id));
    expect(audit.map((a) => a.action).sort()).toEqual(["dataset.delete", "dataset.save"]);
  });

  it("a refused query is a BAD_REQUEST with the guard's line and is not saved", async () => {
    const al = await addUser(rt, "al-analyst@example.com", "analyst");
    const c = await caller(al);
    await expect(c.workbench.run({ sql: "SELECT * FROM system.tables" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/System tables/) });
    await expect(c.workbench.saveDataset({ name: "bad", sql: "SELECT 1; SELECT 2", shared: false })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/one statement/) });
    expect(await c.workbench.listDatasets()).toEqual([]);
    const views = await c.workbench.views();
    expect(views.map((v) => v.name)).toEqual(["focus"]);
    expect(views[0]!.columns.map((col) => col.name)).toContain("EffectiveCost");
    expect(views[0]!.columns.map((col) => col.name)).not.toContain("x_IngestRunId");
  });
});
