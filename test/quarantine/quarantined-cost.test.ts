/**
 * No silent loss of money (issue 10, item 3). A file with deliberately bad rows:
 * - the run's totals reconcile per currency: loaded + quarantined billed cost = the file's total
 *   (summed by ClickHouse file() over the CSV, independent of the converter), also as stored in ingest_run_totals;
 * - quarantine.cost (what the dashboards' note reads) reports the quarantined money of the range,
 *   filtered by each user's billing scope; quarantine.rows lists the rows with their rules;
 * - re-ingesting the month after a fix replaces its quarantine instead of appending to it.
 *
 * Bad rows of EA_ActualCost_BadRow.csv (hand-made, see test/fixtures/azure-ea/PURCHASES.md):
 *   77.7 EUR, no billing account, subscription ed570627-… (only users with all data may see it);
 *   33.3 EUR, date 03/33/2024, billing account 8611537, subscription 1caaa5a3-….
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "~/domain/runtime";
import { createUser } from "~/domain/auth/bootstrap";
import { ingestFiles, validationReport } from "~/domain/ingest";
import { appRouter } from "~/server/api/root";
import { createCallerFactory } from "~/server/api/trpc";
import { rows, FIX } from "../focus/helpers";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";

const BAD = FIX("azure-ea/EA_ActualCost_BadRow.csv");
const FIXED = FIX("azure-ea/EA_ActualCost_Purchases.csv");
const MARCH = { from: "2024-03-01", to: "2024-03-31" };
const SUB_A = "/subscriptions/ed570627-0265-4620-bb42-bae06bcfa914";
const SUB_B = "/subscriptions/1caaa5a3-2b66-438e-8ab4-bce37d518c5d";

let rt: Runtime;
const ids: Record<string, string> = {};
const factory = createCallerFactory(appRouter);
const as = (email: string) =>
  factory({ rt, db: rt.db, ch: rt.ch, headers: new Headers(), session: { expires: "2999-01-01", user: { id: ids[email]!, email, name: "", role: "viewer" } } });

async function fileTotalsPerCurrency(file: string): Promise<Record<string, string>> {
  const r = await rows<{ c: string; s: string }>(
    rt.ch,
    `SELECT BillingCurrency AS c, toString(sum(toDecimal128(Cost, 18))) AS s
     FROM file({p:String}, 'CSVWithNames', 'Cost String, BillingCurrency String') GROUP BY c SETTINGS input_format_with_names_use_header = 1`,
    { p: `${process.cwd()}/${file}` },
  );
  return Object.fromEntries(r.map((x) => [x.c, x.s]));
}

beforeAll(async () => {
  rt = await freshEmbeddedRuntime("quarantine");
  ids["admin@x.io"] = (await createUser(rt.db, { email: "admin@x.io", role: "admin", password: "a-long-password" })).id;
  const scoped: [string, "billing_account" | "sub_account", string][] = [
    ["ba@x.io", "billing_account", "8611537"],
    ["suba@x.io", "sub_account", SUB_A],
    ["subb@x.io", "sub_account", SUB_B],
    ["other@x.io", "sub_account", "/subscriptions/00000000-0000-0000-0000-000000000000"],
  ];
  for (const [email, scopeKind, scopeValue] of scoped) {
    ids[email] = (await createUser(rt.db, { email, role: "viewer", password: "a-long-password" })).id;
    await as("admin@x.io").grants.setDataAccess({ userId: ids[email]!, dataAccess: "granted" });
    await as("admin@x.io").grants.create({ userId: ids[email]!, role: "viewer", scopeKind, scopeValue });
  }
}, 180_000);
afterAll(async () => rt?.close());

describe("quarantined cost", () => {
  it("reconciles per currency: loaded + quarantined = the file's total, in the report and in ingest_run_totals", async () => {
    const report = await ingestFiles(rt.ch, { sourceId: "ea", files: [BAD], dataset: "ea-actual" });
    expect(report.rows.quarantined).toBe(2);
    const file = await fileTotalsPerCurrency(BAD);
    expect(Object.keys(file).sort()).toEqual(["EUR", "USD"]);
    const stored = await rows<{ currency: string; sum: string; q: string }>(
      rt.ch,
      `SELECT currency, toString(billed_cost + quarantined_billed_cost) AS sum, toString(quarantined_billed_cost) AS q
       FROM ingest_run_totals FINAL WHERE run_id = {r:String} ORDER BY currency`,
      { r: report.runId },
    );
    expect(stored).toEqual([
      { currency: "EUR", sum: file.EUR, q: "111" }, // 77.7 + 33.3
      { currency: "USD", sum: file.USD, q: "0" },
    ]);
    for (const t of report.totals) {
      const [chk] = await rows<{ ok: number }>(rt.ch, "SELECT toDecimal128({b:String}, 18) + toDecimal128({q:String}, 18) = toDecimal128({f:String}, 18) AS ok", {
        b: t.billedCost, q: t.quarantinedBilledCost, f: file[t.currency]!,
      });
      expect(chk!.ok).toBe(1);
    }
  });

  it("stores the reconciliation per billing period: file total = loaded + quarantined (shown by abi validate and the run page)", async () => {
    const [run] = await rows<{ r: string }>(rt.ch, "SELECT run_id AS r FROM ingest_runs FINAL WHERE source_id = 'ea' ORDER BY started_at DESC LIMIT 1");
    const report = await validationReport(rt.ch, run!.r);
    // Oracle: the file's cost per billing period and currency, summed from the CSV.
    const file = await rows<{ m: string; c: string; s: string }>(
      rt.ch,
      `SELECT BillingPeriodStartDate AS m, BillingCurrency AS c, toString(sum(toDecimal128(Cost, 18))) AS s
       FROM file({p:String}, 'CSVWithNames', 'Cost String, BillingCurrency String, BillingPeriodStartDate String') GROUP BY m, c ORDER BY m, c
       SETTINGS input_format_with_names_use_header = 1`,
      { p: `${process.cwd()}/${BAD}` },
    );
    expect(file.map((f) => [f.m, f.c])).toEqual([["03/01/2024", "EUR"], ["03/01/2024", "USD"]]);
    expect(report!.reconciliation.map((p) => [p.billingMonth, p.currency, p.fileCost, p.quarantinedSourceCost, p.quarantinedRows, p.unaccounted])).toEqual([
      ["2024-03-01", "EUR", file[0]!.s, "111", 2, "0"],
      ["2024-03-01", "USD", file[1]!.s, "0", 0, "0"],
    ]);
  });

  it("feeds the dashboards' note with the range's quarantined cost, within each user's billing scope", async () => {
    const eur = (billedCost: string, n: number) => ({ currencies: [{ currency: "EUR", rows: n, billedCost, sourceCost: billedCost }], rows: n });
    expect(await as("admin@x.io").quarantine.cost(MARCH)).toEqual(eur("111", 2));
    expect(await as("ba@x.io").quarantine.cost(MARCH)).toEqual(eur("33.3", 1)); // the other row has no billing account
    expect(await as("suba@x.io").quarantine.cost(MARCH)).toEqual(eur("77.7", 1));
    expect(await as("subb@x.io").quarantine.cost(MARCH)).toEqual(eur("33.3", 1));
    expect(await as("other@x.io").quarantine.cost(MARCH)).toEqual({ currencies: [], rows: 0 });
    expect(await as("admin@x.io").quarantine.cost({ from: "2024-04-01", to: "2024-04-30" })).toEqual({ currencies: [], rows: 0 });
    const listed = await as("subb@x.io").quarantine.rows(MARCH);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ sourceId: "ea", billingMonth: "2024-03-01", file: "EA_ActualCost_BadRow.csv", row: 12, currency: "EUR", billedCost: "33.3", day: null });
    expect(listed[0]!.rules).toContain("ChargePeriodStart-C-003-M");
    expect(JSON.parse(listed[0]!.raw)).toMatchObject({ Date: "03/33/2024", Cost: "33.3" });
  });

  it("re-running a month replaces its quarantine, never appends to it", async () => {
    await ingestFiles(rt.ch, { sourceId: "ea", files: [BAD], dataset: "ea-actual" });
    const count = async () => (await rows<{ n: string }>(rt.ch, "SELECT count() AS n FROM focus_quarantine WHERE x_SourceId = 'ea' AND x_BillingMonth = '2024-03-01'"))[0]!.n;
    expect(await count()).toBe("2");
    await ingestFiles(rt.ch, { sourceId: "ea", files: [FIXED], dataset: "ea-actual" });
    expect(await count()).toBe("0");
    expect(await as("admin@x.io").quarantine.cost(MARCH)).toEqual({ currencies: [], rows: 0 });
  });
});
