import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCOPED_BILLING_ACCOUNT, startSecurityRuntime, type SecurityRuntime } from "../security/principals";
import { insertFocusRows } from "../analytics/focus-rows";
import { rebuildAllRollups } from "~/domain/analytics/rollups";
import { dec } from "~/domain/analytics/decimal";

/**
 * The currency procedures as the app calls them: an admin uploads rates (audited), a bad file is
 * refused with its reason, and a scoped viewer's converted totals hold only their billing account.
 * Rates: 2025-03-03 USD 1.25 per EUR. Rows on 2025-03-03: USD 100 on the scoped account (= EUR 80),
 * USD 1000 on another account (= EUR 800, not the viewer's).
 */
let s: SecurityRuntime;
beforeAll(async () => {
  s = await startSecurityRuntime("currency-procs");
  await insertFocusRows(s.rt.ch, [
    { day: "2025-03-03", cost: "100.00", currency: "USD", billingAccount: SCOPED_BILLING_ACCOUNT },
    { day: "2025-03-03", cost: "1000.00", currency: "USD", billingAccount: "ba-other" },
  ]);
  await rebuildAllRollups(s.rt.ch);
}, 120_000);
afterAll(async () => s?.rt.close());

const range = { from: "2025-03-01", to: "2025-03-31" };

describe("currency procedures", () => {
  it("an admin's upload is imported and audited; a bad file is refused with its reason", async () => {
    const admin = s.caller("admin");
    const r = await admin.currency.importRates({ fileName: "rates.csv", csv: "Date,USD,\n2025-03-03,1.25,\n" });
    expect(r).toMatchObject({ rates: 1, days: 1, firstDay: "2025-03-03", currencies: ["USD"] });
    const audit = await admin.audit.list({ actionPrefix: "currency." });
    expect(audit.rows.map((a) => [a.action, a.actorEmail, a.target])).toEqual([["currency.rates_import", "admin@example.com", "rates.csv"]]);
    expect((await admin.currency.rates()).currencies).toEqual(["EUR", "USD"]);
    await expect(admin.currency.importRates({ fileName: "x.csv", csv: "Day,USD\n" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: 'x.csv: not an ECB reference-rate file: the first column must be "Date" (Date,USD,JPY,…)',
    });
    await expect(s.caller("analyst").currency.importRates({ fileName: "rates.csv", csv: "Date,USD\n2025-03-03,9\n" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("a scoped viewer's converted totals are only their billing account", async () => {
    const scoped = s.caller("scopedViewer");
    const e = await scoped.costs.explore({ ...range, currency: "EUR" });
    expect(e.totals.map((t) => [t.currency, dec.round(t.value, 2)])).toEqual([["EUR", "80.00"]]);
    const all = await s.caller("viewer").costs.explore({ ...range, currency: "EUR" });
    expect(all.totals.map((t) => [t.currency, dec.round(t.value, 2)])).toEqual([["EUR", "880.00"]]);
    const sum = await scoped.currency.summary({ ...range, currency: "EUR" });
    expect(sum.converted.map((c) => [c.currency, c.rows, dec.round(c.effective, 2), dec.round(c.convertedEffective!, 2)])).toEqual([["USD", 1, "100.00", "80.00"]]);
    expect(sum.missing).toEqual([]);
    const c = await scoped.commitments.summary({ ...range, currency: "EUR" });
    expect(c.coverage.map((x) => x.currency)).toEqual(["EUR"]);
    const o = await scoped.overview.get({ currency: "EUR" });
    expect(o?.kpis.map((k) => [k.currency, dec.round(k.mtdEffective, 2)])).toEqual([["EUR", "80.00"]]);
  });

  it("budgets, anomalies and recommendations take the reporting currency (scoped viewer: only their account)", async () => {
    const scoped = s.caller("scopedViewer");
    // the scoped account's USD 100 on 03-03 is EUR 80 (rate 1.25); nothing before it: a spike from 0
    const a = await scoped.anomalies.list({ ...range, currency: "EUR" });
    expect(a.anomalies.map((x) => [x.currency, x.day, dec.round(x.actual, 2)])).toEqual([["EUR", "2025-03-03", "80.00"]]);
    const cause = await scoped.anomalies.cause({ dimension: "ServiceName", value: "Virtual Machines", currency: "EUR", day: "2025-03-03", reportingCurrency: "EUR" });
    expect(cause.map((c) => dec.round(c.actual, 2))).toEqual(["80.00"]);
    // a verdict on the converted anomaly is checked in the shown currency (refused before: no EUR rows)
    const analyst = s.caller("analyst");
    const verdict = { dimension: "ServiceName", value: "Virtual Machines", day: "2025-03-03", currency: "EUR", status: "expected" as const };
    await expect(analyst.anomalies.setStatus({ ...verdict, reportingCurrency: "EUR" })).resolves.toEqual({ status: "expected" });
    expect((await analyst.anomalies.list({ ...range, currency: "EUR" })).anomalies.map((x) => x.status)).toEqual(["expected"]);
        const rec = await scoped.recommendations.list({ ...range, currency: "EUR" });
    expect(rec.filter((r) => r.kind === "untagged-spend").map((r) => [r.currency, dec.round(r.amount, 2)])).toEqual([["EUR", "80.00"]]);
    // an admin's USD 100 budget: amount at the 03-03 rate = EUR 80.00; actual (all accounts) EUR 880.00
    const admin = s.caller("admin");
    await admin.budgets.create({ name: "usd budget", amount: "100", currency: "USD" });
    const [b] = await admin.budgets.list({ currency: "EUR" });
    expect([b!.status.currency, dec.round(b!.status.actual, 2), dec.round(b!.status.amount, 2), dec.round(b!.status.variance, 2), b!.status.amountRateDay]).toEqual(["EUR", "880.00", "80.00", "-800.00", "2025-03-03"]);
    const [plain] = await admin.budgets.list();
    expect([plain!.status.currency, dec.round(plain!.status.actual, 2)]).toEqual(["USD", "1100.00"]);
  });

  it("refuses a currency that is not a 3-letter code", async () => {
    await expect(s.caller("viewer").costs.explore({ ...range, currency: "eur" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
