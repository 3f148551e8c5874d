import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { clickHouseWithRows, type FocusRowInput } from "../analytics/focus-rows";
import { anomalyCause, detectAnomalies } from "~/domain/analytics/anomalies";
import { budgetStatus, type BudgetDef } from "~/domain/analytics/budgets";
import { dec } from "~/domain/analytics/decimal";
import { recommendations } from "~/domain/analytics/recommendations";
import { UNRESTRICTED_SCOPE, type AnalyticsScope } from "~/domain/analytics/scope";
import type { AnalyticsContext } from "~/domain/analytics/run";

/**
 * Budgets, anomalies and recommendations in a reporting currency. Hand-made rates per 1 EUR, one
 * ECB day per Monday; JPY is not quoted at all (its rows are never converted).
 */
const RATES = `Date,USD,GBP,
2025-03-03,1.25,0.8,
2025-02-24,1.6,0.5,
2025-02-17,1.25,0.8,
2025-02-10,1.25,0.8,
2025-02-03,1.25,0.8,
`;

/**
 * Rows (service "Storage Accounts", all untagged Usage), and their EUR value by hand:
 *  Mondays 02-03, 02-10, 02-17, 03-03: USD 100 sub-a → 80;  GBP 40 sub-b → 50   (day total 130)
 *  Monday 02-24: USD 100 sub-a → 100/1.6 = 62.50; GBP 40 sub-b → 40/0.5 = 80     (day total 142.50)
 *  03-03 also: USD 200 more sub-a → 160 (the spike: USD 300 that day → 240 EUR; day total 290)
 *  03-03: JPY 5000 sub-a → no JPY rate: stays JPY 5000
 *  03-05 (Wed): EUR 1.00 sub-a → 1.00 (the last data day; the budget amount uses the 03-03 rate)
 */
const svc = { service: "Storage Accounts", category: "Storage", subcategory: "Storage" } as const;
const mondays = ["2025-02-03", "2025-02-10", "2025-02-17", "2025-02-24", "2025-03-03"];
const rows: FocusRowInput[] = [
  ...mondays.flatMap((day): FocusRowInput[] => [
    { ...svc, day, cost: "100.00", currency: "USD", subAccount: "sub-a" },
    { ...svc, day, cost: "40.00", currency: "GBP", subAccount: "sub-b" },
  ]),
  { ...svc, day: "2025-03-03", cost: "200.00", currency: "USD", subAccount: "sub-a", resourceId: "/subscriptions/sub-a/x/spike" },
  { ...svc, day: "2025-03-03", cost: "5000", currency: "JPY", subAccount: "sub-a" },
  { ...svc, day: "2025-03-05", cost: "1.00", currency: "EUR", subAccount: "sub-a" },
];

let ch: ClickHouseClient;
const ctx = (currency: string | undefined, scope: AnalyticsScope = UNRESTRICTED_SCOPE): AnalyticsContext => ({ ch, scope, cache: false, reportingCurrency: currency });
const subA: AnalyticsScope = { userId: "u-a", role: "viewer", rows: [{ kind: "sub_account", value: "sub-a" }] };
const cents = (x: string | number | undefined | null) => (x === undefined || x === null ? x : dec.round(String(x), 2));
const budget = (amount: string, currency: string): BudgetDef => ({
  id: "b1", name: "b", filters: [], amount, currency, period: "monthly", metric: "EffectiveCost", thresholds: [20, 100],
});

/** Independent oracle: SQL over the fact table with the hand factors to EUR of each (currency, day). */
async function sqlEur(where: string): Promise<string> {
  const rs = await ch.query({
    query: `SELECT toString(sum(EffectiveCost * multiIf(
        BillingCurrency = 'EUR', 1,
        BillingCurrency = 'USD' AND toDate(ChargePeriodStart) = '2025-02-24', 1 / 1.6,
        BillingCurrency = 'GBP' AND toDate(ChargePeriodStart) = '2025-02-24', 2,
        BillingCurrency = 'USD', 0.8, BillingCurrency = 'GBP', 1.25, 0))) AS eur
      FROM focus_billing_data WHERE BillingCurrency != 'JPY' AND ${where}`,
    format: "JSONEachRow",
  });
  const [r] = await rs.json<{ eur: string }>();
  return dec.round(r!.eur, 2);
}

beforeAll(async () => {
  ch = await clickHouseWithRows(rows, { rates: RATES });
}, 60_000);
afterAll(async () => ch?.close());

describe("budgets in a reporting currency", () => {
  it("actuals are converted per charge day and the budget's amount at the latest rate", async () => {
    // March: 03-03 USD 300 → 240, GBP 40 → 50, 03-05 EUR 1 → 291.00 EUR; JPY 5000 has no rate.
    // Amount: GBP 1000 at the 03-03 rate (latest on or before 03-05) = 1000 / 0.8 = 1250.00 EUR.
    const s = await budgetStatus(ctx("EUR"), budget("1000", "GBP"));
    expect([s.currency, cents(s.actual), cents(s.amount), cents(s.variance), s.amountRateDay, s.amountRateMissing]).toEqual(["EUR", "291.00", "1250.00", "959.00", "2025-03-03", false]);
    expect(s.budget).toEqual({ amount: "1000", currency: "GBP" });
    expect(s.usedPct).toBeCloseTo((291 / 1250) * 100, 6);
    expect(s.crossed).toEqual([20]);
    expect(s.otherCurrencies).toEqual(["JPY"]);
    expect(cents(s.forecastVariance)).toBe(cents(dec.sub("1250", s.forecast!.mean)));
    expect(Number(s.forecast!.mean)).toBeGreaterThanOrEqual(291);
    expect(cents(s.actual)).toBe(await sqlEur("toDate(ChargePeriodStart) BETWEEN '2025-03-01' AND '2025-03-05'"));
  });

  it("without conversion only the budget's currency counts, as before", async () => {
    const s = await budgetStatus(ctx(undefined), budget("1000", "GBP"));
    expect([s.currency, cents(s.actual), cents(s.amount), s.amountRateDay]).toEqual(["GBP", "40.00", "1000.00", null]);
    expect(s.otherCurrencies.sort()).toEqual(["EUR", "JPY", "USD"]);
  });

  it("a budget already in the reporting currency keeps its amount", async () => {
    const s = await budgetStatus(ctx("EUR"), budget("500", "EUR"));
    expect([cents(s.actual), cents(s.amount), cents(s.variance), s.amountRateDay]).toEqual(["291.00", "500.00", "209.00", null]);
  });

  it("a budget amount without a rate is not guessed: the status stays in its own currency and says so", async () => {
    const s = await budgetStatus(ctx("EUR"), budget("10000", "JPY"));
    expect([s.currency, cents(s.actual), cents(s.amount), s.amountRateMissing]).toEqual(["JPY", "5000.00", "10000.00", true]);
  });

  it("a scoped user's converted actuals are only their scope", async () => {
    // sub-a in March: USD 300 → 240 + EUR 1 = 241.00
    const s = await budgetStatus(ctx("EUR", subA), budget("1000", "GBP"));
    expect(cents(s.actual)).toBe("241.00");
    expect(cents(s.actual)).toBe(await sqlEur("SubAccountId = 'sub-a' AND toDate(ChargePeriodStart) BETWEEN '2025-03-01' AND '2025-03-05'"));
  });
});

describe("anomalies in a reporting currency", () => {
  const range = { from: "2025-03-01", to: "2025-03-05", dimension: "ServiceName" };

  it("the spike is found on the converted daily totals; a currency without a rate stays apart", async () => {
    // EUR on the four earlier Mondays: 130, 130, 130, 142.50 → expected 133.125; 03-03: 290.00
    const { anomalies } = await detectAnomalies(ctx("EUR"), range);
    const eur = anomalies.find((a) => a.currency === "EUR");
    expect([eur?.day, cents(eur?.actual), eur?.expected]).toEqual(["2025-03-03", "290.00", 133.125]);
    const jpy = anomalies.find((a) => a.currency === "JPY");
    expect([jpy?.day, cents(jpy?.actual)]).toEqual(["2025-03-03", "5000.00"]);
    expect(anomalies.map((a) => a.currency).sort()).toEqual(["EUR", "JPY"]);
    expect(cents(eur?.actual)).toBe(await sqlEur("toDate(ChargePeriodStart) = '2025-03-03'"));
  });

  it("its cause is read in the same currency", async () => {
    const cause = await anomalyCause(ctx("EUR"), { dimension: "ServiceName", value: "Storage Accounts", currency: "EUR", day: "2025-03-03" });
    expect(cents(dec.add(...cause.map((c) => c.actual)))).toBe("290.00");
    // the spike resource: USD 200 → 160 EUR, nothing on the past Mondays
    expect(cause.map((c) => [c.resourceId, cents(c.actual), c.expected])[0]).toEqual(["/subscriptions/sub-a/x/spike", "160.00", 0]);
  });

  it("a scoped user's anomaly is only their scope", async () => {
    // sub-a: 80, 80, 80, 62.50 → expected 75.625; 03-03: USD 300 → 240.00
    const { anomalies } = await detectAnomalies(ctx("EUR", subA), range);
    const eur = anomalies.find((a) => a.currency === "EUR");
    expect([cents(eur?.actual), eur?.expected]).toEqual(["240.00", 75.625]);
    expect(cents(eur?.actual)).toBe(await sqlEur("SubAccountId = 'sub-a' AND toDate(ChargePeriodStart) = '2025-03-03'"));
  });
});

describe("recommendations in a reporting currency", () => {
  const range = { from: "2025-02-01", to: "2025-03-05", filters: [] };
  const untagged = async (c: AnalyticsContext) =>
    (await recommendations(c, range)).filter((r) => r.kind === "untagged-spend").map((r) => [r.title, r.currency, cents(r.amount)]).sort();

  it("untagged spend is totalled in the reporting currency", async () => {
    // sub-a: USD 100 × 4 at 0.8 = 320 + 100/1.6 = 62.50 + USD 200 → 160 + EUR 1 = 543.50; JPY 5000 apart
    // sub-b: GBP 40 × 4 at 1.25 = 200 + 40 × 2 = 80 → 280.00
    expect(await untagged(ctx("EUR"))).toEqual([
      ["Untagged spend in Subscription sub-a", "EUR", "543.50"],
      ["Untagged spend in Subscription sub-a", "JPY", "5000.00"],
      ["Untagged spend in Subscription sub-b", "EUR", "280.00"],
    ]);
    expect(await sqlEur("SubAccountId = 'sub-a'")).toBe("543.50");
    expect(await sqlEur("SubAccountId = 'sub-b'")).toBe("280.00");
  });

  it("a scoped user sees only their scope, converted", async () => {
    expect(await untagged(ctx("EUR", subA))).toEqual([
      ["Untagged spend in Subscription sub-a", "EUR", "543.50"],
      ["Untagged spend in Subscription sub-a", "JPY", "5000.00"],
    ]);
  });
});
