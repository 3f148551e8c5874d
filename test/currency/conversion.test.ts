import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { clickHouseWithRows, type FocusRowInput } from "../analytics/focus-rows";
import { breakdown } from "~/domain/analytics/breakdown";
import { dec } from "~/domain/analytics/decimal";
import { costExplorer } from "~/domain/analytics/explorer";
import { overview } from "~/domain/analytics/overview";
import { UNRESTRICTED_SCOPE, type AnalyticsScope } from "~/domain/analytics/scope";
import type { AnalyticsContext } from "~/domain/analytics/run";
import { conversionSummary } from "~/domain/currency/summary";

/**
 * Hand-made rates per 1 EUR (ECB format). 2025-03-03 Mon, 03-07 Fri; nothing on the weekend or
 * 03-10…03-19; on 03-20 USD only (GBP "N/A"). The last rate may be at most 7 days old.
 */
const RATES = `Date,USD,GBP,JPY,
2025-03-20,1.6,N/A,N/A,
2025-03-07,1.5,0.75,160,
2025-03-03,1.25,0.8,162.43,
`;

/**
 * Rows and their EUR value, by hand:
 *  a 03-03 USD 100.00 sub-a → 100 / 1.25        = 80.00
 *  b 03-05 USD  10.00 sub-a → 03-03 rate, 10/1.25 = 8.00
 *  c 03-09 USD  30.00 sub-b → 03-07 rate, 30/1.5  = 20.00   (Sunday)
 *  d 03-03 GBP  40.00 sub-a → 40 / 0.8           = 50.00
 *  e 03-09 GBP  15.00 sub-b → 15 / 0.75          = 20.00
 *  f 03-18 USD  50.00 sub-b → last rate 03-07 is 11 days old: no rate
 *  g 03-02 USD   7.00 sub-a → no earlier rate: no rate
 *  h 03-20 GBP  12.00 sub-b → GBP N/A on 03-20, 03-07 is 13 days old: no rate
 *  i 03-04 EUR   5.55 sub-b → 5.55
 *  j 03-03 JPY 1000   sub-a → 1000 / 162.43 = 6.156498183833… → 6.16
 * EUR total converted: 80 + 8 + 20 + 50 + 20 + 5.55 + 6.156498… = 189.706498… → 189.71;
 * not converted: USD 57.00 (2 rows), GBP 12.00 (1 row).
 * In USD (factor rate(USD)/rate(C) of the day): a 100, b 10, c 30, f 50, g 7 (already USD),
 * d 40 × 1.25/0.8 = 62.50, e 15 × 1.5/0.75 = 30.00, i 5.55 × 1.25 = 6.9375, j 1000 × 1.25/162.43 = 7.695622729791… ;
 * total 304.133122729… → 304.13; not converted: GBP 12.00 (h).
 */
const rows: FocusRowInput[] = [
  { day: "2025-03-03", cost: "100.00", currency: "USD", subAccount: "sub-a", service: "Virtual Machines" },
  { day: "2025-03-05", cost: "10.00", currency: "USD", subAccount: "sub-a", service: "Virtual Machines" },
  { day: "2025-03-09", cost: "30.00", currency: "USD", subAccount: "sub-b", service: "Storage Accounts" },
  { day: "2025-03-03", cost: "40.00", currency: "GBP", subAccount: "sub-a", service: "Virtual Machines" },
  { day: "2025-03-09", cost: "15.00", currency: "GBP", subAccount: "sub-b", service: "Storage Accounts" },
  { day: "2025-03-18", cost: "50.00", currency: "USD", subAccount: "sub-b", service: "Storage Accounts" },
  { day: "2025-03-02", cost: "7.00", currency: "USD", subAccount: "sub-a", service: "Virtual Machines" },
  { day: "2025-03-20", cost: "12.00", currency: "GBP", subAccount: "sub-b", service: "Storage Accounts" },
  { day: "2025-03-04", cost: "5.55", currency: "EUR", subAccount: "sub-b", service: "Storage Accounts" },
  { day: "2025-03-03", cost: "1000", currency: "JPY", subAccount: "sub-a", service: "Virtual Machines" },
];

let ch: ClickHouseClient;
const ctx = (currency: string | undefined, scope: AnalyticsScope = UNRESTRICTED_SCOPE, source: "auto" | "raw" = "auto"): AnalyticsContext & { reportingCurrency: string } =>
  ({ ch, scope, source, cache: false, reportingCurrency: currency }) as AnalyticsContext & { reportingCurrency: string };
const subA: AnalyticsScope = { userId: "u-a", role: "viewer", rows: [{ kind: "sub_account", value: "sub-a" }] };
const march = { from: "2025-03-01", to: "2025-03-20" };
const cents = (x: string | undefined) => (x === undefined ? undefined : dec.round(x, 2));

beforeAll(async () => {
  ch = await clickHouseWithRows(rows, { rates: RATES });
}, 60_000);
afterAll(async () => ch?.close());

describe("reporting currency", () => {
  for (const source of ["auto", "raw"] as const) {
    it(`explorer totals in EUR and USD equal the hand-computed values to the cent (${source})`, async () => {
      const eur = await costExplorer(ctx("EUR", UNRESTRICTED_SCOPE, source), { ...march, metric: "EffectiveCost" });
      const t = (c: string) => cents(eur.totals.find((x) => x.currency === c)?.value);
      expect(t("EUR")).toBe("189.71");
      // rows without a rate stay in their own currency, never guessed
      expect(t("USD")).toBe("57.00");
      expect(t("GBP")).toBe("12.00");
      expect(eur.currencies.sort()).toEqual(["EUR", "GBP", "USD"]);

      const usd = await costExplorer(ctx("USD", UNRESTRICTED_SCOPE, source), { ...march, metric: "EffectiveCost" });
      expect(usd.totals.map((x) => [x.currency, cents(x.value)])).toEqual([["GBP", "12.00"], ["USD", "304.13"]]);
    });
  }

  it("each converted row carries its original amounts per billing currency", async () => {
    const e = await costExplorer(ctx("EUR"), { ...march, metric: "EffectiveCost", groupBy: "ServiceName" });
    const row = (g: string, c: string) => e.rows.find((r) => r.group === g && r.currency === c);
    // Virtual Machines in EUR: a + b (USD 110.00), d (GBP 40.00), j (JPY 1000)
    expect(row("Virtual Machines", "EUR")?.originals?.map((o) => [o.currency, cents(o.amount)])).toEqual([["JPY", "1000.00"], ["USD", "110.00"], ["GBP", "40.00"]]);
    // the unconverted USD row is its own original
    expect(row("Storage Accounts", "USD")?.originals?.map((o) => [o.currency, cents(o.amount)])).toEqual([["USD", "50.00"]]);
    const b = await breakdown(ctx("EUR"), { ...march, hierarchy: "service", path: ["Compute", "Virtual Machines"] });
    expect(b.nodes.find((n) => n.name === "Storage Accounts" && n.currency === "EUR")?.originals?.map((o) => [o.currency, cents(o.amount)])).toEqual([["USD", "30.00"], ["GBP", "15.00"], ["EUR", "5.55"]]);
  });

  it("without a reporting currency nothing changes", async () => {
    const orig = await costExplorer(ctx(undefined), { ...march, metric: "EffectiveCost" });
    expect(orig.totals.map((x) => [x.currency, cents(x.value)])).toEqual([["EUR", "5.55"], ["GBP", "67.00"], ["JPY", "1000.00"], ["USD", "197.00"]]);
  });

  it("the summary lists what was converted and the rows without a rate", async () => {
    const s = await conversionSummary(ctx("EUR"), march);
    expect(s.missing.map((m) => [m.currency, m.rows, cents(m.effective), m.firstDay, m.lastDay])).toEqual([
      ["GBP", 1, "12.00", "2025-03-20", "2025-03-20"],
      ["USD", 2, "57.00", "2025-03-02", "2025-03-18"],
    ]);
    expect(s.converted.map((c) => [c.currency, c.rows, cents(c.effective), cents(c.convertedEffective ?? undefined)])).toEqual([
      ["EUR", 1, "5.55", "5.55"],
      ["GBP", 2, "55.00", "70.00"],
      ["JPY", 1, "1000.00", "6.16"],
      ["USD", 3, "140.00", "108.00"],
    ]);
  });

  it("a scoped user's converted totals are only their scope (hand values and SQL over their rows)", async () => {
    const e = await costExplorer(ctx("EUR", subA), { ...march, metric: "EffectiveCost" });
    // sub-a: a 80 + b 8 + d 50 + j 6.156498… = 144.16; g USD 7.00 has no rate
    expect(e.totals.map((x) => [x.currency, cents(x.value)])).toEqual([["EUR", "144.16"], ["USD", "7.00"]]);
    // independent oracle: SQL over only sub-a's rows with the hand factors of each (currency, day)
    const rs = await ch.query({
      query: `SELECT toString(round(sum(EffectiveCost * multiIf(
          BillingCurrency = 'USD' AND toDate(ChargePeriodStart) IN ('2025-03-03', '2025-03-05'), 0.8,
          BillingCurrency = 'GBP' AND toDate(ChargePeriodStart) = '2025-03-03', 1.25,
          BillingCurrency = 'JPY' AND toDate(ChargePeriodStart) = '2025-03-03', 1 / 162.43,
          BillingCurrency = 'EUR', 1, 0)), 2)) AS eur
        FROM focus_billing_data WHERE SubAccountId = 'sub-a'`,
      format: "JSONEachRow",
    });
    const [{ eur }] = (await rs.json<{ eur: string }>()) as [{ eur: string }];
    expect(cents(e.totals.find((x) => x.currency === "EUR")?.value)).toBe(dec.round(eur, 2));
    const s = await conversionSummary(ctx("EUR", subA), march);
    expect(s.missing.map((m) => [m.currency, m.rows, cents(m.effective)])).toEqual([["USD", 1, "7.00"]]);
  });

  it("overview and breakdown convert too", async () => {
    const o = await overview(ctx("EUR"));
    expect(o?.kpis.map((k) => [k.currency, cents(k.mtdEffective)])).toEqual([["EUR", "189.71"], ["USD", "57.00"], ["GBP", "12.00"]]);
    const b = await breakdown(ctx("EUR"), { ...march, hierarchy: "service", path: ["Compute", "Virtual Machines"] });
    // Virtual Machines (a b d g j): 80 + 8 + 50 + 6.156498… = 144.16 EUR, g USD 7 without a rate;
    // Storage Accounts (c e f h i): 20 + 20 + 5.55 = 45.55 EUR, f USD 50 and h GBP 12 without a rate
    expect(b.nodes.map((n) => [n.name, n.currency, cents(n.value)])).toEqual([
      ["Virtual Machines", "EUR", "144.16"], ["Storage Accounts", "EUR", "45.55"],
      ["Storage Accounts", "GBP", "12.00"],
      ["Storage Accounts", "USD", "50.00"], ["Virtual Machines", "USD", "7.00"],
    ]);
  });
});
