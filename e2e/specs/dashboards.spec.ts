import fs from "node:fs";
import type { Download, Page } from "@playwright/test";
import { test, expect } from "../fixtures";

/**
 * The FinOps dashboards on the embedded demo data (helper generator: Azure EA exports ingested
 * at e2e start-up). Every page must show real data: chart SVG marks and table rows.
 */

async function expectData(page: Page) {
  await expect(page.getByText("No cost data yet")).toHaveCount(0);
}

async function downloaded(d: Download): Promise<Buffer> {
  const p = await d.path();
  return fs.readFileSync(p);
}

const dataRows = (page: Page, table: string) => page.getByRole("table", { name: table, exact: true }).locator("tbody tr");

test.describe.configure({ mode: "serial" });

test("overview shows month-to-date KPIs, the trend and top services", async ({ adminPage: page }) => {
  await page.goto("/");
  await expectData(page);
  await expect(page.getByTestId("kpi-mtd")).toContainText(/\$[\d,]+/);
  await expect(page.getByTestId("kpi-forecast")).toContainText("90% interval");
  const trend = page.getByTestId("trend-chart");
  await expect(trend.getByRole("img", { name: /Daily effective cost and forecast/ })).toBeVisible();
  await expect(trend.locator("svg path.recharts-area-area").first()).toBeVisible();
  await expect(dataRows(page, "Top services this month").nth(0)).toBeVisible();
  await expect(dataRows(page, "Biggest movers").nth(0)).toBeVisible();
});

test("cost explorer: filters and grouping live in the URL and change the numbers; exports download", async ({ adminPage: page }) => {
  await page.goto("/costs");
  await expectData(page);
  const chart = page.getByTestId("cost-chart");
  await expect(chart.locator("svg .recharts-bar-rectangle").first()).toBeVisible();
  const rows = dataRows(page, "Costs by group");
  await expect(rows.first()).toBeVisible();
  const total = page.getByTestId("total-USD");
  const before = await total.innerText();

  await page.getByLabel("Group by").selectOption("SubAccountName");
  await expect(page).toHaveURL(/group=SubAccountName/);
  await expect(page.getByRole("columnheader", { name: "SubAccountName" })).toBeVisible();

  // the first cell also holds the row's "Where from?" link: read the group's label alone
  const firstSub = (await rows.first().locator("td").first().locator(".group-label").innerText()).trim();
  await page.getByLabel("Column or tag").selectOption("SubAccountName");
  await page.getByLabel("Filter value").fill(firstSub);
  await page.getByRole("button", { name: "Add filter" }).click();
  await expect(page).toHaveURL(/[?&]f=/);
  await expect(page.getByRole("list", { name: "Active filters" })).toContainText(firstSub);
  await expect(total).not.toHaveText(before);
  await expect(rows).toHaveCount(1);

  // the URL alone restores the state
  const url = page.url();
  await page.goto(url);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(firstSub);

  const table = page.getByRole("region", { name: "Cost table" });
  const [csv] = await Promise.all([page.waitForEvent("download"), table.getByRole("button", { name: "CSV" }).click()]);
  const csvText = (await downloaded(csv)).toString("utf8");
  expect(csvText.split("\r\n")[0]).toContain("SubAccountName");
  expect(csvText).toContain(firstSub);
  const [xlsx] = await Promise.all([page.waitForEvent("download"), table.getByRole("button", { name: "XLSX" }).click()]);
  const xlsxBytes = await downloaded(xlsx);
  expect(xlsxBytes.subarray(0, 2).toString("latin1")).toBe("PK");
  expect(xlsxBytes.length).toBeGreaterThan(500);
});

test("a saved view restores the explorer state", async ({ adminPage: page }) => {
  await page.goto("/costs?group=RegionName&gran=week");
  await expect(dataRows(page, "Costs by group").first()).toBeVisible();
  await page.getByLabel("Name of the view to save").fill("Weekly by region");
  await page.getByRole("button", { name: "Save view" }).click();
  await page.goto("/costs");
  await page.getByLabel("Saved view").selectOption({ label: "Weekly by region" });
  await expect(page).toHaveURL(/group=RegionName/);
  await expect(page).toHaveURL(/gran=week/);
});

test("the cost explorer prints to PDF", async ({ adminPage: page }) => {
  await page.goto("/costs");
  await expect(dataRows(page, "Costs by group").first()).toBeVisible();
  const [pdf] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), page.getByRole("button", { name: "PDF" }).click()]);
  const bytes = await downloaded(pdf);
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect(bytes.length).toBeGreaterThan(5_000);
});

test("breakdown drills from service category down to services", async ({ adminPage: page }) => {
  await page.goto("/breakdown");
  await expectData(page);
  await expect(page.getByTestId("breakdown-chart").locator("svg rect").first()).toBeVisible();
  const rows = dataRows(page, "Breakdown by ServiceCategory");
  const first = rows.first().getByRole("button");
  const category = (await first.innerText()).trim();
  await first.click();
  await expect(page).toHaveURL(/path=/);
  await expect(page.getByRole("navigation", { name: "Drill-down path" })).toContainText(category);
  await expect(dataRows(page, "Breakdown by ServiceSubcategory").first()).toBeVisible();
  await page.getByLabel("Hierarchy").selectOption("account");
  await expect(dataRows(page, "Breakdown by BillingAccountName").first()).toBeVisible();
});

test("heatmap shows resources × days", async ({ adminPage: page }) => {
  await page.goto("/heatmap");
  await expectData(page);
  await expect(page.getByTestId("heatmap-chart").locator("svg rect").first()).toBeVisible();
  await expect(dataRows(page, "Heatmap rows").nth(5)).toBeVisible();
  await page.getByLabel("Cell").selectOption("quantity");
  await expect(page).toHaveURL(/measure=quantity/);
});

test("commitments show utilisation, coverage and each commitment", async ({ adminPage: page }) => {
  await page.goto("/commitments");
  await expectData(page);
  await expect(page.getByTestId("kpi-utilisation").first()).toContainText("%");
  await expect(page.getByTestId("commitment-chart").first().locator("svg .recharts-bar-rectangle").first()).toBeVisible();
  await expect(dataRows(page, "Commitment utilisation").nth(0)).toBeVisible();
});

test("a budget is created with actual, forecast and backtested MAPE", async ({ adminPage: page }) => {
  await page.goto("/budgets");
  await expectData(page);
  const form = page.getByRole("form", { name: "New budget" });
  const name = `E2E compute budget ${Date.now()}`;
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Amount", { exact: true }).fill("25000");
  await form.getByLabel("Currency", { exact: true }).fill("USD");
  await form.getByLabel("Column or tag").selectOption("ServiceCategory");
  await form.getByLabel("Filter value").fill("Compute");
  await form.getByRole("button", { name: "Add filter" }).click();
  await form.getByRole("button", { name: "Create budget" }).click();
  await expect(form.getByRole("alert")).toHaveCount(0);
  const row = dataRows(page, "Budgets").filter({ hasText: name });
  await expect(row).toContainText("ServiceCategory = Compute");
  await expect(row).toContainText(/\$[\d,]+\.\d\d/);
  await expect(row).toContainText(/periods\)|too little history/);
  await expect(page.getByTestId("budget-chart").locator("svg .recharts-area-area").first()).toBeVisible();
});

test("anomalies list the injected spikes with their cause, and dismissing one hides it", async ({ adminPage: page }) => {
  await page.goto("/anomalies");
  await expectData(page);
  await page.getByRole("button", { name: "Last 90 days" }).click();
  const rows = dataRows(page, "Anomalies");
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId("anomaly-chart").locator("svg .recharts-bar-rectangle").first()).toBeVisible();
  const first = rows.first();
  const value = (await first.locator("td").nth(1).innerText()).trim();
  const day = (await first.locator("td").nth(2).innerText()).trim();
  await first.getByRole("button", { name: "Cause" }).click();
  const cause = page.getByRole("table", { name: `Cause of the anomaly in ${value} on ${day}` });
  await expect(cause.locator("tbody tr").first()).toBeVisible();
  await first.getByRole("button", { name: "Dismiss" }).click();
  await expect(rows.filter({ hasText: value }).filter({ hasText: day })).toHaveCount(0);
  await page.getByLabel("Show dismissed and expected").click();
  await expect(page).toHaveURL(/closed=1/);
  await expect(page.getByRole("table", { name: "Anomalies" })).toContainText("dismissed");
});

test("recommendations come with the rows that justify them", async ({ adminPage: page }) => {
  await page.goto("/recommendations");
  await expectData(page);
  const rows = dataRows(page, "Recommendations");
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId("recommendations-chart").locator("svg .recharts-bar-rectangle").first()).toBeVisible();
  await rows.first().getByRole("button", { name: /rows$/ }).click();
  await expect(page.getByRole("table", { name: /^Evidence for / }).locator("tbody tr").first()).toBeVisible();
});
