import { test, expect } from "../fixtures";

/**
 * Reporting currency and the two issue-14 findings in the browser, on the e2e demo data (three
 * months of USD billing through yesterday, seeded by `abi seed`, which also creates demo budgets).
 * Rates: 1 EUR = 1.25 USD on every weekday from RATES_FROM on, so a converted amount is the USD
 * amount × 0.8, and days before RATES_FROM have no rate.
 */
const DAY = 86_400_000;
const today = new Date(Date.now() - (Date.now() % DAY));
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const RATES_FROM = iso(today.getTime() - 40 * DAY);

function ratesCsv(): string {
  const lines = ["Date,USD,JPY,"];
  for (let t = today.getTime(); t >= Date.parse(RATES_FROM); t -= DAY) {
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) lines.push(`${iso(t)},1.25,N/A,`);
  }
  return `${lines.join("\n")}\n`;
}
const money = (text: string) => Number(text.replace(/[^\d.-]/g, ""));

test.describe.configure({ mode: "serial" });

test("an admin uploads ECB rates on Settings → Currency", async ({ adminPage: page }) => {
  await page.goto("/settings/currency");
  await page.getByTestId("rates-file").setInputFiles({ name: "eurofxref-hist.csv", mimeType: "text/csv", buffer: Buffer.from(ratesCsv()) });
  await page.getByRole("button", { name: "Import rates" }).click();
  await expect(page.getByTestId("rates-imported")).toContainText("Imported");
  await expect(page.getByRole("table", { name: "Exchange rates" })).toContainText("1 EUR = … USD");
});

test("the cost explorer shows amounts in EUR, with the originals one click away", async ({ adminPage: page }) => {
  const last = iso(today.getTime() - DAY);
  const from = iso(today.getTime() - 20 * DAY);
  await page.goto(`/costs?from=${from}&to=${last}`);
  const usd = money(await page.getByTestId("total-USD").innerText());
  expect(usd).toBeGreaterThan(0);
  await page.getByTestId("reporting-currency").selectOption("EUR");
  await expect(page).toHaveURL(/currency=EUR/);
  const eur = money(await page.getByTestId("total-EUR").innerText());
  // every day of this range has a rate: EUR = USD / 1.25 (to the cent, up to rounding of the shown totals)
  expect(Math.abs(eur - usd * 0.8)).toBeLessThan(0.02);
  await expect(page.getByTestId("conversion-note")).toContainText("Amounts in EUR");
  await expect(page.getByTestId("conversion-missing")).toHaveCount(0);
  await page.getByRole("button", { name: "Show original currencies" }).click();
  await expect(page).not.toHaveURL(/currency=EUR/);
  await expect(page.getByTestId("total-USD")).toBeVisible();
});

test("rows without a rate are shown as not converted, never guessed", async ({ adminPage: page }) => {
  const from = iso(Date.parse(RATES_FROM) - 10 * DAY);
  await page.goto(`/breakdown?from=${from}&to=${iso(today.getTime() - DAY)}&currency=EUR`);
  await expect(page.getByTestId("conversion-missing")).toContainText(/rows? without a rate: \$[\d,.]+ not converted/);
});

test("the heatmap shows each resource's unit, and the demo budgets show variance", async ({ adminPage: page }) => {
  await page.goto("/heatmap");
  const units = page.getByRole("table", { name: "Heatmap rows", exact: true }).locator("tbody tr td:nth-child(2)");
  await expect(units.first()).toBeVisible();
  expect(await units.allInnerTexts()).not.toContain("–");
  await page.goto("/budgets");
  await expect(page.getByRole("table", { name: "Budgets", exact: true }).locator("tbody tr").filter({ hasText: "Demo:" })).toHaveCount(4);
});
