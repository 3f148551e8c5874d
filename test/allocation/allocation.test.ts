import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Runtime } from "~/domain/runtime";
import { createUser } from "~/domain/auth/bootstrap";
import { grants, users } from "~/domain/db/schema";
import { toCsv } from "~/domain/analytics/export/csv";
import { costExplorer } from "~/domain/analytics/explorer";
import { appRouter } from "~/server/api/root";
import { createCallerFactory } from "~/server/api/trpc";
import { insertFocusRows, type FocusRowInput } from "../analytics/focus-rows";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";

/**
 * Showback over hand-made rows (EffectiveCost; the same rows in January and February 2025):
 *   sub-a  VM       CostCenter=alpha     100.00 EUR
 *   sub-a  VM       costcenter=beta       50.00 EUR   (alias spelling)
 *   sub-a  VM       cost-center=alpha     30.00 EUR   (alias spelling)
 *   sub-shared VM   untagged             100.01 EUR   → rule 1 (subscription sub-shared, fixed)
 *   sub-b  Storage  untagged              10.00 EUR   → rule 2 (untagged, proportional)
 *   sub-c  SQL      CostCenter=alpha      20.00 USD
 *   sub-c  SQL      untagged               5.00 USD   → rule 2
 * Expected numbers are worked out by hand in the comments next to them.
 */
function month(m: string): FocusRowInput[] {
  const day = `${m}-05`;
  return [
    { day, cost: "100.00", subAccount: "sub-a", tags: { CostCenter: "alpha" } },
    { day, cost: "50.00", subAccount: "sub-a", tags: { costcenter: "beta" } },
    { day, cost: "30.00", subAccount: "sub-a", tags: { "cost-center": "alpha" } },
    { day, cost: "100.01", subAccount: "sub-shared" },
    { day, cost: "10.00", subAccount: "sub-b", service: "Storage Accounts", category: "Storage", subcategory: "Storage" },
    { day, cost: "20.00", currency: "USD", subAccount: "sub-c", service: "SQL Database", tags: { CostCenter: "alpha" } },
    { day, cost: "5.00", currency: "USD", subAccount: "sub-c", service: "SQL Database" },
  ];
}

let rt: Runtime;
const factory = createCallerFactory(appRouter);
const ids: Record<string, { id: string; role: "admin" | "viewer" }> = {};
const as = (email: string) => factory({ rt, db: rt.db, ch: rt.ch, headers: new Headers(), session: { expires: "2999-01-01", user: { id: ids[email]!.id, email, name: "", role: ids[email]!.role } } });
const admin = () => as("admin@x.io");
let rule1 = "";

type Row = { month: string; team: string; currency: string; direct: string; allocated: string; total: string };
const pick = (rows: Row[], m: string, cur: string) =>
  Object.fromEntries(rows.filter((r) => r.month === m && r.currency === cur).map((r) => [r.team, { direct: Number(r.direct), allocated: Number(r.allocated), total: Number(r.total) }]));

/** Oracle: cost per month and currency straight from the fact table (cents as integers). */
async function factTotals(where = "1 = 1"): Promise<Record<string, number>> {
  const rs = await rt.ch.query({
    query: `SELECT concat(toString(toStartOfMonth(ChargePeriodStart)), ' ', BillingCurrency) AS k, toString(sum(EffectiveCost)) AS s FROM focus_billing_data WHERE ${where} GROUP BY k`,
    format: "JSONEachRow",
  });
  return Object.fromEntries((await rs.json<{ k: string; s: string }>()).map((r) => [r.k, Math.round(Number(r.s) * 100)]));
}
const showbackTotals = (rows: Row[]) => {
  const out: Record<string, number> = {};
  for (const r of rows) out[`${r.month} ${r.currency}`] = (out[`${r.month} ${r.currency}`] ?? 0) + Math.round(Number(r.direct) * 100) + Math.round(Number(r.allocated) * 100);
  return out;
};

beforeAll(async () => {
  rt = await freshEmbeddedRuntime("allocation");
  await insertFocusRows(rt.ch, [...month("2025-01"), ...month("2025-02")]);
  for (const [email, role] of [["admin@x.io", "admin"], ["viewer@x.io", "viewer"], ["scoped@x.io", "viewer"]] as const) {
    ids[email] = { id: (await createUser(rt.db, { email, role, password: "a-long-password" })).id, role };
  }
  await rt.db.update(users).set({ dataAccess: "granted" }).where(eq(users.id, ids["scoped@x.io"]!.id));
  await rt.db.insert(grants).values({ userId: ids["scoped@x.io"]!.id, role: "viewer", scopeKind: "sub_account", scopeValue: "sub-a" });
}, 120_000);
afterAll(async () => {
  await rt?.close();
});

describe("tag-key normalisation", () => {
  it("reads costcenter and cost-center as CostCenter when listing, grouping and filtering", async () => {
    const range = { from: "2025-01-01", to: "2025-01-31" };
    const before = (await admin().costs.options(range)).tagKeys;
    expect(before).toEqual(expect.arrayContaining(["CostCenter", "costcenter", "cost-center"]));
    await admin().allocation.setTagAliases({ key: "CostCenter", aliases: ["cost-center"] });
    expect((await admin().costs.options(range)).tagKeys).toEqual(["CostCenter"]);
    const grouped = await admin().costs.explore({ ...range, groupBy: "tag:CostCenter", granularity: "month" });
    const eur = Object.fromEntries(grouped.rows.filter((r) => r.currency === "EUR").map((r) => [r.group, Number(r.value)]));
    // alpha 100 + 30, beta 50, untagged 100.01 + 10
    expect(eur).toEqual({ alpha: 130, beta: 50, "": 110.01 });
    const filtered = await admin().costs.explore({ ...range, filters: [{ dim: "tag:COSTCENTER", op: "in", values: ["alpha"] }] });
    expect(filtered.totals.map((t) => [t.currency, Number(t.value)])).toEqual([["EUR", 130], ["USD", 20]]);
  });

  it("a tag grant on the canonical key covers rows tagged with an alias spelling", async () => {
    const scope = { userId: "t", role: "viewer", rows: [{ kind: "tag" as const, key: "CostCenter", value: "alpha" }] };
    const r = await costExplorer({ ch: rt.ch, scope, source: "raw", cache: false }, { from: "2025-01-01", to: "2025-01-31" });
    // CostCenter=alpha 100.00 + cost-center=alpha 30.00 (EUR); CostCenter=alpha 20.00 (USD)
    expect(r.totals.map((t) => [t.currency, Number(t.value)])).toEqual([["EUR", 130], ["USD", 20]]);
  });
});

describe("allocation rules and showback", () => {
  it("refuses percentages that do not sum to 100", async () => {
    await expect(
      admin().allocation.createRule({ name: "bad", effectiveFrom: "2025-01-01", definition: { pool: { kind: "untagged" }, method: "fixed", shares: [{ team: "a", percent: "50" }, { team: "b", percent: "49.99" }] } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("must sum to 100, they sum to 99.99") });
  });

  it("splits a fixed pool to the cent and a proportional pool by direct cost", async () => {
    rule1 = (await admin().allocation.createRule({
      name: "shared subscription",
      effectiveFrom: "2025-01-01",
      definition: { pool: { kind: "subscription", value: "sub-shared" }, method: "fixed", shares: [{ team: "alpha", percent: "33.3333" }, { team: "beta", percent: "33.3333" }, { team: "gamma", percent: "33.3334" }] },
    })).id;
    await admin().allocation.createRule({ name: "untagged spend", effectiveFrom: "2025-01-01", definition: { pool: { kind: "untagged" }, method: "proportional" } });
    const { rows } = await admin().allocation.showback({ from: "2025-01-01", to: "2025-02-01" });
    // 100.01 × 33.3333% = 33.336666…  → 33.33 (dropped .006666), beta the same, gamma 33.3367… → 33.33 (dropped .006733);
    // 0.02 left: one cent each to gamma (largest dropped) and alpha (tie with beta, by name).
    // untagged 10.00 by direct cost alpha 130 : beta 50 → 7.222… → 7.22, 2.777… → 2.77; the cent left goes to beta (.0077 > .0022).
    expect(pick(rows, "2025-01-01", "EUR")).toEqual({
      alpha: { direct: 130, allocated: 40.56, total: 170.56 },
      beta: { direct: 50, allocated: 36.11, total: 86.11 },
      gamma: { direct: 0, allocated: 33.34, total: 33.34 },
    });
    // USD untagged 5.00: only alpha has direct USD cost
    expect(pick(rows, "2025-01-01", "USD")).toEqual({ alpha: { direct: 20, allocated: 5, total: 25 } });
    const drill = await admin().allocation.contributions({ month: "2025-01-01", team: "beta" });
    expect(drill.map((c) => [c.ruleName, c.ruleVersion, c.currency, Number(c.allocated)])).toEqual([["shared subscription", 1, "EUR", 33.33], ["untagged spend", 1, "EUR", 2.78]]);
  });

  it("direct + allocated over all teams equals the fact table's total, per month and currency", async () => {
    const { rows } = await admin().allocation.showback({ from: "2025-01-01", to: "2025-02-01" });
    expect(showbackTotals(rows)).toEqual(await factTotals());
  });

  it("a new rule version recomputes only from its effective month", async () => {
    const out = await admin().allocation.updateRule({
      id: rule1,
      effectiveFrom: "2025-02-01",
      definition: { pool: { kind: "subscription", value: "sub-shared" }, method: "fixed", shares: [{ team: "alpha", percent: "50" }, { team: "beta", percent: "50" }] },
    });
    expect(out).toEqual({ version: 2, recomputed: ["2025-02-01"] });
    const { rows } = await admin().allocation.showback({ from: "2025-01-01", to: "2025-02-01" });
    expect(pick(rows, "2025-01-01", "EUR").gamma).toEqual({ direct: 0, allocated: 33.34, total: 33.34 });
    // 100.01 / 2 = 50.005 each → 50.00 + 50.00, the cent left goes to alpha (tie, by name)
    expect(pick(rows, "2025-02-01", "EUR")).toEqual({
      alpha: { direct: 130, allocated: 50.01 + 7.22, total: 187.23 },
      beta: { direct: 50, allocated: 52.78, total: 102.78 },
    });
    const drill = await admin().allocation.contributions({ month: "2025-02-01", team: "alpha" });
    expect(drill.filter((c) => c.currency === "EUR").map((c) => [c.ruleName, c.ruleVersion, Number(c.allocated)])).toEqual([["shared subscription", 2, 50.01], ["untagged spend", 1, 7.22]]);
    expect(showbackTotals(rows)).toEqual(await factTotals());
  });

  it("a scoped viewer sees only the cost of rows in its scope", async () => {
    const scoped = as("scoped@x.io");
    const { rows } = await scoped.allocation.showback({ from: "2025-01-01", to: "2025-02-01" });
    expect(pick(rows, "2025-01-01", "EUR")).toEqual({ alpha: { direct: 130, allocated: 0, total: 130 }, beta: { direct: 50, allocated: 0, total: 50 } });
    expect(showbackTotals(rows)).toEqual(await factTotals("SubAccountId = 'sub-a'"));
    const table = await scoped.allocation.export({ from: "2025-01-01", to: "2025-02-01" });
    expect(table.rows.every((r) => r[3] === "direct")).toBe(true);
    // pool definitions (subscription ids) are not shown outside all-data access
    expect((await scoped.allocation.rules()).flatMap((r) => r.versions.map((v) => v.definition))).toEqual([null, null, null]);
    await expect(scoped.allocation.createRule({ name: "x", effectiveFrom: "2025-01-01", definition: { pool: { kind: "untagged" }, method: "proportional" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("rules claim rows in order; a filter pool takes what earlier rules left; retiring recomputes from its month", async () => {
    await insertFocusRows(rt.ch, month("2025-03"));
    const created = await admin().allocation.createRule({
      name: "storage", effectiveFrom: "2025-03-01",
      definition: { pool: { kind: "filter", filters: [{ dim: "ServiceName", op: "in", values: ["Storage Accounts"] }] }, method: "fixed", shares: [{ team: "gamma", percent: "100" }] },
    });
    expect(created.recomputed).toEqual(["2025-03-01"]);
    const retired = await admin().allocation.updateRule({ id: rule1, effectiveFrom: "2025-03-01", definition: null });
    expect(retired.recomputed).toEqual(["2025-03-01"]);
    let { rows } = await admin().allocation.showback({ from: "2025-03-01", to: "2025-03-01" });
    // rule 1 retired; "untagged spend" (earlier than "storage") claims both untagged rows, 100.01 + 10.00 = 110.01,
    // by direct cost 130 : 50 → 79.4516… → 79.45 and 30.5583… → 30.55; the cent left goes to beta (.0083 > .0017)
    expect(pick(rows, "2025-03-01", "EUR")).toEqual({
      alpha: { direct: 130, allocated: 79.45, total: 209.45 },
      beta: { direct: 50, allocated: 30.56, total: 80.56 },
    });
    const rules = await admin().allocation.rules();
    await admin().allocation.updateRule({ id: rules.find((r) => r.name === "untagged spend")!.id, effectiveFrom: "2025-03-01", definition: null });
    ({ rows } = await admin().allocation.showback({ from: "2025-03-01", to: "2025-03-01" }));
    // now the storage row (10.00) goes to gamma; the sub-shared row (100.01) is in no pool: direct cost of (unassigned)
    expect(pick(rows, "2025-03-01", "EUR")).toEqual({
      alpha: { direct: 130, allocated: 0, total: 130 },
      beta: { direct: 50, allocated: 0, total: 50 },
      gamma: { direct: 0, allocated: 10, total: 10 },
      "(unassigned)": { direct: 100.01, allocated: 0, total: 100.01 },
    });
    expect(showbackTotals(rows)).toEqual(Object.fromEntries(Object.entries(await factTotals()).filter(([k]) => k.startsWith("2025-03"))));
    // January and February keep their earlier results
    const jan = (await admin().allocation.showback({ from: "2025-01-01", to: "2025-01-01" })).rows;
    expect(pick(jan, "2025-01-01", "EUR").gamma).toEqual({ direct: 0, allocated: 33.34, total: 33.34 });
  });

  it("exports with the FOCUS 1.3 allocation columns filled on allocated rows", async () => {
    const table = await as("viewer@x.io").allocation.export({ from: "2025-01-01", to: "2025-01-01" });
    const col = (n: string) => table.columns.indexOf(n);
    const gamma = table.rows.find((r) => r[col("Team")] === "gamma")!;
    expect(gamma[col("AllocatedMethodId")]).toBe(`${rule1}:v1`);
    expect(gamma[col("AllocatedResourceName")]).toBe("gamma");
    expect(JSON.parse(String(gamma[col("AllocatedTags")]))).toEqual({ CostCenter: "gamma" });
    expect(JSON.parse(String(gamma[col("AllocatedMethodDetails")])).Elements[0].AllocatedRatio).toBeCloseTo(33.34 / 100.01, 8);
    expect(Number(gamma[col("EffectiveCost")])).toBe(33.34);
    expect(toCsv(table).split("\r\n")[0]).toContain("AllocatedMethodId,AllocatedMethodDetails,AllocatedResourceId,AllocatedResourceName,AllocatedTags");
  });
});
