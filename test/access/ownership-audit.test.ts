import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { desc, eq } from "drizzle-orm";
import { resetEnvCache } from "~/domain/runtime/env";
import { openRuntime, type Runtime } from "~/domain/runtime";
import { createUser } from "~/domain/auth/bootstrap";
import { anomalyFeedback, auditLog, type Role } from "~/domain/db/schema";
import { addDays } from "~/domain/analytics/filters";
import { rebuildAllRollups } from "~/domain/analytics/rollups";
import { appRouter } from "~/server/api/root";
import { createCallerFactory } from "~/server/api/trpc";
import { insertFocusRows, type FocusRowInput } from "../analytics/focus-rows";

/**
 * Finding 10: budgets belong to their creator (owner or admin change them) and every change is
 * audited; an anomaly verdict is only accepted inside the analyst's scope and is audited with
 * old and new status. Also: group and grant administration is audited and admin-only.
 *
 * Data, every day 2025-02-01 … 2025-03-20: sub-a Virtual Machines 100 EUR; sub-b Storage 20 EUR,
 * 400 EUR on 2025-03-12 (the anomaly).
 */
function dataset(): FocusRowInput[] {
  const rows: FocusRowInput[] = [];
  for (let d = "2025-02-01"; d <= "2025-03-20"; d = addDays(d, 1)) {
    rows.push({ day: d, cost: "100.00", subAccount: "sub-a" });
    rows.push({ day: d, cost: d === "2025-03-12" ? "400.00" : "20.00", subAccount: "sub-b", service: "Storage Accounts" });
  }
  return rows;
}

let rt: Runtime;
const ids: Record<string, string> = {};
const factory = createCallerFactory(appRouter);
const as = (email: string) => factory({ rt, db: rt.db, ch: rt.ch, headers: new Headers(), session: { expires: "2999-01-01", user: { id: ids[email]!, email, name: "", role: "viewer" } } });
const lastAudit = async (action: string) => (await rt.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.id)).limit(1))[0];

beforeAll(async () => {
  process.env.ABI_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "abi-ownership-"));
  delete process.env.CLICKHOUSE_URL;
  delete process.env.DATABASE_URL;
  resetEnvCache();
  rt = await openRuntime({ migrate: true });
  await insertFocusRows(rt.ch, dataset());
  await rebuildAllRollups(rt.ch);
  const people: [string, Role][] = [["admin@x.io", "admin"], ["ana@x.io", "analyst"], ["bob@x.io", "analyst"], ["scoped@x.io", "analyst"], ["viewer@x.io", "viewer"]];
  for (const [email, role] of people) ids[email] = (await createUser(rt.db, { email, role, password: "a-long-password" })).id;
  await as("admin@x.io").grants.setDataAccess({ userId: ids["scoped@x.io"]!, dataAccess: "granted" });
  await as("admin@x.io").grants.create({ userId: ids["scoped@x.io"]!, role: "analyst", scopeKind: "sub_account", scopeValue: "sub-a" });
}, 180_000);
afterAll(async () => rt?.close());

/** numeric(38,10) comes back with its scale: "3000.0000000000". */
const amount = (n: string) => expect.stringMatching(new RegExp(`^${n}(\\.0+)?$`));
const budget = { name: "VMs", filters: [], amount: "3000", currency: "EUR", period: "monthly" as const, metric: "EffectiveCost" as const, thresholds: [80, 100] };

describe("budgets", () => {
  it("only the owner or an admin changes or deletes a budget; every change is audited", async () => {
    const created = (await as("ana@x.io").budgets.create(budget))!;
    expect(await lastAudit("budget.create")).toMatchObject({ actorEmail: "ana@x.io", target: "VMs", details: { amount: amount("3000"), currency: "EUR" } });

    await expect(as("bob@x.io").budgets.update({ ...budget, id: created.id, amount: "1" })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/owner or an admin/) });
    await expect(as("bob@x.io").budgets.remove({ id: created.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as("viewer@x.io").budgets.remove({ id: created.id })).rejects.toMatchObject({ code: "FORBIDDEN" });

    await as("ana@x.io").budgets.update({ ...budget, id: created.id, amount: "3500" });
    expect(await lastAudit("budget.update")).toMatchObject({ actorEmail: "ana@x.io", details: { before: { amount: amount("3000") }, after: { amount: amount("3500") } } });
    await as("admin@x.io").budgets.update({ ...budget, id: created.id, amount: "4000" });
    expect(await lastAudit("budget.update")).toMatchObject({ actorEmail: "admin@x.io", details: { before: { amount: amount("3500") }, after: { amount: amount("4000") } } });

    const list = await as("bob@x.io").budgets.list();
    expect(list.map((b) => [b.budget.name, b.owner, b.canEdit])).toEqual([["VMs", "ana@x.io", false]]);

    await as("ana@x.io").budgets.remove({ id: created.id });
    expect(await lastAudit("budget.delete")).toMatchObject({ actorEmail: "ana@x.io", target: "VMs" });
    expect(await as("ana@x.io").budgets.list()).toEqual([]);
  });

  it("a scoped user sees only their own budgets, with the status computed within their scope", async () => {
    await as("ana@x.io").budgets.create({ ...budget, name: "everything" });
    const mine = (await as("scoped@x.io").budgets.create({ ...budget, name: "my subscription" }))!;
    const seen = await as("scoped@x.io").budgets.list();
    expect(seen.map((b) => b.budget.name)).toEqual(["my subscription"]);
    // March 1–20 of sub-a only: 20 × 100 (sub-b's 20 × 20 + 380 spike is outside the scope)
    expect(Number(seen[0]!.status.actual)).toBe(2000);
    const all = await as("admin@x.io").budgets.list();
    expect(Object.fromEntries(all.map((b) => [b.budget.name, Number(b.status.actual)]))).toEqual({ everything: 2000 + 20 * 20 + 380, "my subscription": 2000 + 20 * 20 + 380 });
    // someone else's budget does not exist for a scoped user
    const other = all.find((b) => b.budget.name === "everything")!;
    await expect(as("scoped@x.io").budgets.remove({ id: other.budget.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await as("scoped@x.io").budgets.remove({ id: mine.id });
  });
});

describe("anomaly status", () => {
  const anomaly = { dimension: "ServiceName", value: "Storage Accounts", day: "2025-03-12", currency: "EUR" };

  it("refuses a verdict on an anomaly outside the analyst's scope, and writes nothing", async () => {
    await expect(as("scoped@x.io").anomalies.setStatus({ ...anomaly, status: "dismissed" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "No such anomaly in the billing data you can see",
    });
    await expect(as("viewer@x.io").anomalies.setStatus({ ...anomaly, status: "dismissed" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await rt.db.select().from(anomalyFeedback)).toEqual([]);
    expect(await lastAudit("anomaly.set_status")).toBeUndefined();
  });

  it("records an in-scope verdict with who set it, audited with the old and new status", async () => {
    const listed = await as("bob@x.io").anomalies.list({ from: "2025-03-01", to: "2025-03-20", dimension: "ServiceName" });
    expect(listed.anomalies.map((a) => [a.value, a.day, a.status])).toEqual([["Storage Accounts", "2025-03-12", "open"]]);
    await as("bob@x.io").anomalies.setStatus({ ...anomaly, status: "expected", note: "migration" });
    expect(await lastAudit("anomaly.set_status")).toMatchObject({ actorEmail: "bob@x.io", target: "ServiceName=Storage Accounts 2025-03-12 EUR", details: { from: "open", to: "expected" } });
    await as("ana@x.io").anomalies.setStatus({ ...anomaly, status: "dismissed" });
    expect(await lastAudit("anomaly.set_status")).toMatchObject({ actorEmail: "ana@x.io", details: { from: "expected", to: "dismissed" } });
    const after = await as("bob@x.io").anomalies.list({ from: "2025-03-01", to: "2025-03-20", dimension: "ServiceName" });
    expect(after.anomalies[0]).toMatchObject({ status: "dismissed", setBy: "ana@x.io" });
    // the scoped analyst does not even see it
    expect((await as("scoped@x.io").anomalies.list({ from: "2025-03-01", to: "2025-03-20", dimension: "ServiceName" })).anomalies).toEqual([]);
  });
});

describe("groups and grants administration", () => {
  it("is admin only, and audits every change", async () => {
    await expect(as("ana@x.io").groups.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as("ana@x.io").grants.create({ userId: ids["bob@x.io"]!, role: "viewer", scopeKind: "all" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = as("admin@x.io");
    const g = await admin.groups.create({ name: "finance", description: "Finance team", oidcGroup: "abi-finance" });
    await expect(admin.groups.create({ name: "finance", description: "", oidcGroup: "" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(admin.groups.create({ name: "other", description: "", oidcGroup: "abi-finance" })).rejects.toMatchObject({ code: "CONFLICT" });
    await admin.groups.update({ id: g.id, name: "finance-eu", description: "Finance EU", oidcGroup: "abi-finance" });
    await admin.groups.addMember({ groupId: g.id, userId: ids["bob@x.io"]! });
    const grant = await admin.grants.create({ groupId: g.id, role: "viewer", scopeKind: "tag", tagKey: "cost-center", scopeValue: "cc-1" });
    expect(grant.scope).toBe("tag cost-center=cc-1");
    expect(await admin.grants.list({ groupId: g.id })).toMatchObject([{ id: grant.id, scope: "tag cost-center=cc-1", role: "viewer" }]);
    expect(await admin.groups.list()).toMatchObject([{ name: "finance-eu", members: 1, oidcGroup: "abi-finance" }]);
    await expect(admin.grants.create({ groupId: g.id, role: "viewer", scopeKind: "tag", scopeValue: "cc-1" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(admin.grants.create({ userId: ids["bob@x.io"]!, role: "viewer", scopeKind: "sub_account", scopeValue: "" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await admin.grants.remove({ id: grant.id });
    await admin.groups.removeMember({ groupId: g.id, userId: ids["bob@x.io"]! });
    await admin.groups.remove({ id: g.id });
    const actions = (await rt.db.select().from(auditLog).where(eq(auditLog.actorEmail, "admin@x.io")).orderBy(auditLog.id)).map((a) => [a.action, a.target]);
    expect(actions.slice(-7)).toEqual([
      ["group.create", "finance"],
      ["group.update", "finance-eu"],
      ["group.member_add", "finance-eu"],
      ["grant.create", "group finance-eu"],
      ["grant.delete", "group finance-eu"],
      ["group.member_remove", "finance-eu"],
      ["group.delete", "finance-eu"],
    ]);
  });

  it("keeps admins on all data: no promotion of a 'granted' user to admin; data access changes are audited", async () => {
    const admin = as("admin@x.io");
    expect(await lastAudit("user.data_access")).toMatchObject({ actorEmail: "admin@x.io", target: "scoped@x.io", details: { before: "all", after: "granted" } });
    await expect(admin.users.update({ id: ids["scoped@x.io"]!, role: "admin" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/all billing data/) });
    await admin.grants.setDataAccess({ userId: ids["scoped@x.io"]!, dataAccess: "all" });
    expect(await lastAudit("user.data_access")).toMatchObject({ details: { before: "granted", after: "all" } });
    await admin.grants.setDataAccess({ userId: ids["scoped@x.io"]!, dataAccess: "granted" });
  });

  it("offers scope values present in the data", async () => {
    const subs = await as("admin@x.io").grants.scopeValues({ kind: "sub_account" });
    expect(subs.map((s) => s.value).sort()).toEqual(["sub-a", "sub-b"]);
    expect(subs.find((s) => s.value === "sub-a")?.label).toBe("sub-a (Subscription sub-a)");
    expect((await as("admin@x.io").grants.scopeValues({ kind: "resource_group" })).map((s) => s.value)).toEqual(["rg-app"]);
  });
});
