import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Runtime } from "~/domain/runtime";
import { createUser } from "~/domain/auth/bootstrap";
import { users, type Role } from "~/domain/db/schema";
import { addDays } from "~/domain/analytics/filters";
import { rebuildAllRollups } from "~/domain/analytics/rollups";
import { costExplorer } from "~/domain/analytics/explorer";
import { toCsv } from "~/domain/analytics/export/csv";
import { toXlsx } from "~/domain/analytics/export/xlsx";
import { resolveAccess } from "~/domain/access/resolve-access";
import { Params } from "~/domain/analytics/params";
import { billingScopePredicate } from "~/domain/analytics/scope";
import { appRouter } from "~/server/api/root";
import { createCallerFactory } from "~/server/api/trpc";
import { insertFocusRows, type FocusRowInput } from "../analytics/focus-rows";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";
import { effectiveCostPerCurrency, perCurrency } from "../helpers/cost-oracle";

/**
 * A scoped viewer per scope kind calls every dashboard procedure; each total is compared with
 * SQL written here over focus_billing_data with the scope's WHERE written by hand.
 *
 * Data, every day 2025-01-01 … 2025-03-20:
 *   ba-1 / sub-a / rg-app  / Virtual Machines / env=prod : 100 EUR weekdays, 40 EUR weekends
 *   ba-1 / sub-a / rg-app  / reservation ri-1 used (vm-3, env=prod) 30 EUR, unused (ri-1, untagged) 10 EUR
 *   ba-1 / sub-b / rg-data / Storage Accounts / env=dev  : 20 EUR, 300 EUR on 2025-03-12 (anomaly)
 *   ba-2 / sub-c / RG-App  / SQL Database     / team=x   : 30 USD, 600 USD on 2025-03-05 (anomaly)
 *   ba-2 / sub-d / rg-ops  / Virtual Machines / untagged : 15 USD
 */
const isWeekend = (day: string) => [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
function dataset(): FocusRowInput[] {
  const rows: FocusRowInput[] = [];
  const ri = { id: "ri-1", name: "VM reservation", type: "Reservation" as const };
  for (let d = "2025-01-01"; d <= "2025-03-20"; d = addDays(d, 1)) {
    rows.push({ day: d, cost: isWeekend(d) ? "40.00" : "100.00", billingAccount: "ba-1", subAccount: "sub-a", resourceGroup: "rg-app", tags: { env: "prod" } });
    rows.push({ day: d, cost: "30.00", list: "50.00", billed: "0", billingAccount: "ba-1", subAccount: "sub-a", resourceGroup: "rg-app", resourceId: "vm-3", tags: { env: "prod" }, commitment: { ...ri, status: "Used" } });
    rows.push({ day: d, cost: "10.00", billed: "0", billingAccount: "ba-1", subAccount: "sub-a", resourceGroup: "rg-app", resourceId: "ri-1", commitment: { ...ri, status: "Unused" }, quantity: null });
    rows.push({ day: d, cost: d === "2025-03-12" ? "300.00" : "20.00", billingAccount: "ba-1", subAccount: "sub-b", resourceGroup: "rg-data", service: "Storage Accounts", category: "Storage", subcategory: "Storage", tags: { env: "dev" } });
    rows.push({ day: d, cost: d === "2025-03-05" ? "600.00" : "30.00", currency: "USD", billingAccount: "ba-2", subAccount: "sub-c", resourceGroup: "RG-App", service: "SQL Database", category: "Databases", subcategory: "Databases", tags: { team: "x" } });
    rows.push({ day: d, cost: "15.00", currency: "USD", billingAccount: "ba-2", subAccount: "sub-d", resourceGroup: "rg-ops" });
  }
  return rows;
}

/** Each scoped user: their grants and the hand-written WHERE of what they may see. */
type Scoped = { email: string; role: Role; grants: { scopeKind: "billing_account" | "sub_account" | "resource_group" | "tag"; scopeValue: string; tagKey?: string; viaGroup?: boolean }[]; where: string; subs: string[] };
const SCOPED: Record<string, Scoped> = {
  billingAccount: { email: "ba@x.io", role: "viewer", grants: [{ scopeKind: "billing_account", scopeValue: "ba-2" }], where: "BillingAccountId = 'ba-2'", subs: ["sub-c", "sub-d"] },
  subAccount: { email: "sub@x.io", role: "viewer", grants: [{ scopeKind: "sub_account", scopeValue: "sub-b" }], where: "SubAccountId = 'sub-b'", subs: ["sub-b"] },
  resourceGroup: { email: "rg@x.io", role: "viewer", grants: [{ scopeKind: "resource_group", scopeValue: "rg-app" }], where: "x_ResourceGroupName IN ('rg-app', 'RG-App')", subs: ["sub-a", "sub-c"] },
  tag: { email: "tag@x.io", role: "viewer", grants: [{ scopeKind: "tag", tagKey: "env", scopeValue: "prod" }], where: `Tags LIKE '%"env":"prod"%'`, subs: ["sub-a"] },
  union: {
    email: "union@x.io",
    role: "viewer",
    grants: [{ scopeKind: "sub_account", scopeValue: "sub-d" }, { scopeKind: "tag", tagKey: "env", scopeValue: "dev", viaGroup: true }],
    where: `SubAccountId = 'sub-d' OR Tags LIKE '%"env":"dev"%'`,
    subs: ["sub-b", "sub-d"],
  },
};

let rt: Runtime;
const ids: Record<string, string> = {};
const factory = createCallerFactory(appRouter);
const as = (email: string) =>
  factory({ rt, db: rt.db, ch: rt.ch, headers: new Headers(), session: { expires: "2999-01-01", user: { id: ids[email]!, email, name: "", role: "viewer" } } });
const admin = () => as("admin@x.io");

const oracle = (where: string, from: string, to: string, extra?: string) => effectiveCostPerCurrency(rt.ch, where, from, to, extra);

const RANGE = { from: "2025-01-01", to: "2025-03-20", filters: [] };
const MARCH = { from: "2025-03-01", to: "2025-03-20", filters: [] };

beforeAll(async () => {
  rt = await freshEmbeddedRuntime("scopes");
  await insertFocusRows(rt.ch, dataset());
  await rebuildAllRollups(rt.ch);
  for (const [email, role] of [["admin@x.io", "admin"], ["analyst@x.io", "analyst"], ["nobody@x.io", "viewer"]] as const) {
    ids[email] = (await createUser(rt.db, { email, role, password: "a-long-password" })).id;
  }
  const group = await admin().groups.create({ name: "dev team", description: "env=dev readers", oidcGroup: "" });
  for (const s of Object.values(SCOPED)) {
    const u = await createUser(rt.db, { email: s.email, role: s.role, password: "a-long-password" });
    ids[s.email] = u.id;
    await admin().grants.setDataAccess({ userId: u.id, dataAccess: "granted" });
    for (const g of s.grants) {
      const { viaGroup, ...scope } = g;
      if (viaGroup) await admin().groups.addMember({ groupId: group.id, userId: u.id });
      await admin().grants.create({ ...(viaGroup ? { groupId: group.id } : { userId: u.id }), role: "viewer", ...scope });
    }
  }
  await admin().grants.setDataAccess({ userId: ids["nobody@x.io"]!, dataAccess: "granted" });
}, 180_000);
afterAll(async () => rt?.close());

describe("cache", () => {
  it("serves a scoped viewer scoped numbers after an unscoped admin ran the same queries", async () => {
    const input = { ...RANGE, groupBy: "SubAccountId" };
    const all = await admin().costs.explore(input);
    expect(perCurrency(all.totals.map((t) => ({ currency: t.currency, value: t.value })))).toEqual(await oracle("1 = 1", RANGE.from, RANGE.to));
    await admin().overview.get();
    for (const s of Object.values(SCOPED)) {
      const mine = await as(s.email).costs.explore(input);
      expect(perCurrency(mine.totals.map((t) => ({ currency: t.currency, value: t.value })))).toEqual(await oracle(s.where, RANGE.from, RANGE.to));
      expect(mine.rows.map((r) => r.group).sort()).toEqual(s.subs);
    }
  });
});

describe.each(Object.entries(SCOPED))("a viewer scoped by %s", (_kind, s) => {
  const me = () => as(s.email);

  it("resolves to the union of its grants, direct and via groups", async () => {
    const a = await resolveAccess(rt.db, ids[s.email]!);
    expect(a.role).toBe("viewer");
    expect(a.scope.rows).toHaveLength(s.grants.length);
  });

  it("sees in the explorer exactly its scope's totals, from the rollups and from the raw table", async () => {
    const want = await oracle(s.where, RANGE.from, RANGE.to);
    const viaRouter = await me().costs.explore({ ...RANGE, granularity: "month", groupBy: "ServiceName" });
    expect(viaRouter.source).toBe("rollup");
    expect(perCurrency(viaRouter.totals)).toEqual(want);
    expect(perCurrency(viaRouter.rows)).toEqual(want);
    const scope = (await resolveAccess(rt.db, ids[s.email]!)).scope;
    const raw = await costExplorer({ ch: rt.ch, scope, source: "raw", cache: false }, { ...RANGE, granularity: "month" });
    expect(raw.source).toBe("raw");
    expect(perCurrency(raw.totals)).toEqual(want);
    const byDay = await me().costs.explore({ ...MARCH, granularity: "day", groupBy: "tag:env" });
    expect(perCurrency(byDay.totals)).toEqual(await oracle(s.where, MARCH.from, MARCH.to));
  });

  it("sees its scope on the overview, breakdown, heatmap, commitments, budgets and recommendations", async () => {
    const o = await me().overview.get();
    expect(o?.asOf).toBe("2025-03-20");
    const mtd = await oracle(s.where, "2025-03-01", "2025-03-20");
    expect(perCurrency(o!.kpis.map((k) => ({ currency: k.currency, value: k.mtdEffective })))).toEqual(mtd);
    expect(perCurrency(o!.topServices.map((t) => ({ currency: t.currency, value: t.cost })))).toEqual(mtd);

    const b = await me().breakdown.level({ ...RANGE, hierarchy: "account" });
    expect(perCurrency(b.nodes)).toEqual(await oracle(s.where, RANGE.from, RANGE.to));
    const subLevel = await me().breakdown.level({ ...RANGE, hierarchy: "account", path: [b.nodes[0]!.name] });
    expect(subLevel.nodes.every((n) => s.subs.map((x) => `Subscription ${x}`).includes(n.name))).toBe(true);

    const h = await me().breakdown.heatmap({ ...RANGE, rows: "resource", measure: "cost", limit: 200 });
    expect(perCurrency(h.rows.map((r) => ({ currency: r.currency, value: r.cost })))).toEqual(
      await oracle(s.where, RANGE.from, RANGE.to, "ChargeCategory = 'Usage' AND ifNull(CommitmentDiscountStatus, '') != 'Unused'"),
    );

    const c = await me().commitments.summary(RANGE);
    const unused = await oracle(s.where, RANGE.from, RANGE.to, "CommitmentDiscountStatus = 'Unused'");
    expect(perCurrency(c.savings.map((x) => ({ currency: x.currency, value: x.unused })).filter((x) => Number(x.value) !== 0))).toEqual(unused);
    const used = await oracle(s.where, RANGE.from, RANGE.to, "CommitmentDiscountStatus = 'Used'");
    expect(perCurrency(c.coverage.map((x) => ({ currency: x.currency, value: x.covered })).filter((x) => Number(x.value) !== 0))).toEqual(used);
    expect(c.commitments.map((x) => x.id)).toEqual(Object.keys(used).length || Object.keys(unused).length ? ["ri-1"] : []);

    const recs = await me().recommendations.list(RANGE);
    const untagged = await oracle(s.where, RANGE.from, RANGE.to, "ChargeCategory = 'Usage' AND Tags IS NULL");
    const untaggedRecs = recs.filter((r) => r.kind === "untagged-spend");
    expect(perCurrency(untaggedRecs.map((r) => ({ currency: r.currency, value: r.amount })))).toEqual(untagged);
    expect(untaggedRecs.every((r) => s.subs.some((x) => r.title.endsWith(`Subscription ${x}`)))).toBe(true);
  });

  it("lists only dimension values, tag keys and tag values inside its scope", async () => {
    const subs = await me().costs.values({ ...RANGE, dim: "SubAccountId" });
    expect(subs.map((v) => v.value).sort()).toEqual(s.subs);
    const accounts = await me().costs.values({ ...RANGE, dim: "BillingAccountId" });
    const rsAcc = await rt.ch.query({ query: `SELECT DISTINCT BillingAccountId AS v FROM focus_billing_data WHERE ${s.where} ORDER BY v`, format: "JSONEachRow" });
    expect(accounts.map((v) => v.value).sort()).toEqual((await rsAcc.json<{ v: string }>()).map((r) => r.v));
    const opts = await me().costs.options(RANGE);
    const rsKeys = await rt.ch.query({
      query: `SELECT DISTINCT arrayJoin(JSONExtractKeys(assumeNotNull(Tags))) AS k FROM focus_billing_data WHERE Tags IS NOT NULL AND (${s.where}) ORDER BY k`,
      format: "JSONEachRow",
    });
    expect([...opts.tagKeys].sort()).toEqual((await rsKeys.json<{ k: string }>()).map((r) => r.k));
    for (const key of ["env", "team"]) {
      const vals = (await me().costs.values({ ...RANGE, dim: `tag:${key}` })).map((v) => v.value).filter(Boolean).sort();
      const rsVals = await rt.ch.query({
        query: `SELECT DISTINCT JSONExtractString(Tags, {k:String}) AS v FROM focus_billing_data WHERE Tags LIKE {like:String} AND (${s.where}) ORDER BY v`,
        query_params: { k: key, like: `%"${key}":%` },
        format: "JSONEachRow",
      });
      expect(vals).toEqual((await rsVals.json<{ v: string }>()).map((r) => r.v));
    }
    const days = await me().costs.dataDays();
    expect(days).toEqual({ first: "2025-01-01", last: "2025-03-20" });
  });

  it("sees only the anomalies (and causes) inside its scope", async () => {
    const { anomalies } = await me().anomalies.list({ ...MARCH, dimension: "ServiceName", minDelta: 50 });
    const expected: string[] = [];
    // the two injected spikes, each seen only by a scope that holds its rows
    const rs = await rt.ch.query({
      query: `SELECT DISTINCT ServiceName AS v FROM focus_billing_data WHERE ((ServiceName = 'Storage Accounts' AND toDate(ChargePeriodStart) = '2025-03-12')
        OR (ServiceName = 'SQL Database' AND toDate(ChargePeriodStart) = '2025-03-05')) AND (${s.where}) ORDER BY v`,
      format: "JSONEachRow",
    });
    expected.push(...(await rs.json<{ v: string }>()).map((r) => r.v));
    expect(anomalies.map((a) => a.value).sort()).toEqual(expected);
    const cause = await me().anomalies.cause({ dimension: "ServiceName", value: "SQL Database", currency: "USD", day: "2025-03-05" });
    expect(cause.length > 0).toBe(expected.includes("SQL Database"));
  });

  it("exports (CSV, XLSX) only rows of its scope", async () => {
    const r = await me().costs.explore({ ...RANGE, groupBy: "SubAccountId", pageSize: 1000 });
    const table = { name: "costs", columns: ["Sub account", "Currency", "Effective cost"], rows: r.rows.map((x) => [x.group, x.currency, x.effective]) };
    const csv = toCsv(table);
    const lines = csv.trim().split("\r\n").slice(1);
    expect(lines.map((l) => l.split(",")[0]).sort()).toEqual(s.subs);
    const xlsx = Buffer.from(toXlsx(table)).toString("latin1");
    for (const other of ["sub-a", "sub-b", "sub-c", "sub-d"].filter((x) => !s.subs.includes(x))) {
      expect(csv).not.toContain(other);
      expect(xlsx).not.toContain(other);
    }
  });
});

describe("users without grants and admins", () => {
  it("a 'granted' user with no grant sees no rows at all: empty dashboards, not errors", async () => {
    const me = as("nobody@x.io");
    expect(await me.overview.get()).toBeNull();
    expect((await me.costs.explore(RANGE)).totals).toEqual([]);
    expect(await me.costs.values({ ...RANGE, dim: "SubAccountId" })).toEqual([]);
    expect((await me.costs.options(RANGE)).tagKeys).toEqual([]);
    expect((await me.anomalies.list({ ...MARCH, dimension: "ServiceName" })).anomalies).toEqual([]);
    expect((await me.breakdown.level(RANGE)).nodes).toEqual([]);
    expect(await me.recommendations.list(RANGE)).toEqual([]);
  });

  it("binds hostile scope values as parameters: they match nothing and never reach the SQL text", async () => {
    const u = await createUser(rt.db, { email: "hostile@x.io", role: "viewer", password: "a-long-password" });
    ids["hostile@x.io"] = u.id;
    await admin().grants.setDataAccess({ userId: u.id, dataAccess: "granted" });
    const evil = "sub-a' OR '1'='1";
    await admin().grants.create({ userId: u.id, role: "viewer", scopeKind: "sub_account", scopeValue: evil });
    await admin().grants.create({ userId: u.id, role: "viewer", scopeKind: "tag", tagKey: "env') OR 1=1 --", scopeValue: "prod" });
    expect((await as("hostile@x.io").costs.explore(RANGE)).totals).toEqual([]);
    const p = new Params();
    const sql = billingScopePredicate((await resolveAccess(rt.db, u.id)).scope, p);
    expect(sql).not.toContain("OR '1'");
    expect(sql).not.toContain("--");
    expect(Object.values(p.values)).toEqual(expect.arrayContaining([evil, "env') OR 1=1 --"]));
  });

  it("refuses an admin limited to grants, and admin grants on part of the data", async () => {
    await expect(admin().grants.setDataAccess({ userId: ids["admin@x.io"]!, dataAccess: "granted" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/administrator always has access to all billing data/),
    });
    await expect(admin().grants.create({ userId: ids["analyst@x.io"]!, role: "admin", scopeKind: "sub_account", scopeValue: "sub-a" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // a row changed behind the app's back is refused on every call, with a clear message
    const second = await createUser(rt.db, { email: "admin2@x.io", role: "admin", password: "a-long-password" });
    ids["admin2@x.io"] = second.id;
    await rt.db.update(users).set({ dataAccess: "granted" }).where(eq(users.id, second.id));
    await expect(as("admin2@x.io").costs.dataDays()).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/Administrators must have access to all billing data/) });
  });

  it("raises the role to the highest grant, and a grant on all data gives all data", async () => {
    const u = await createUser(rt.db, { email: "raised@x.io", role: "viewer", password: "a-long-password" });
    ids["raised@x.io"] = u.id;
    await admin().grants.setDataAccess({ userId: u.id, dataAccess: "granted" });
    await admin().grants.create({ userId: u.id, role: "analyst", scopeKind: "billing_account", scopeValue: "ba-1" });
    expect(await resolveAccess(rt.db, u.id)).toMatchObject({ role: "analyst", scope: { rows: [{ kind: "billing_account", value: "ba-1" }] } });
    // system.me answers the effective role, the one every check uses, and the stored one beside it
    expect(await as("raised@x.io").system.me()).toMatchObject({ role: "analyst", storedRole: "viewer", dataAccess: "granted" });
    const g = await admin().grants.create({ userId: u.id, role: "viewer", scopeKind: "all" });
    expect((await resolveAccess(rt.db, u.id)).scope.rows).toBe("all");
    expect(perCurrency((await as("raised@x.io").costs.explore(RANGE)).totals)).toEqual(await oracle("1 = 1", RANGE.from, RANGE.to));
    await admin().grants.remove({ id: g.id });
    expect(perCurrency((await as("raised@x.io").costs.explore(RANGE)).totals)).toEqual(await oracle("BillingAccountId = 'ba-1'", RANGE.from, RANGE.to));
    // pages showing every billing account's data (ingestion runs, quarantine) need all-data access
    await expect(as("raised@x.io").ingestion.list()).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/needs access to all billing data/) });
  });
});
