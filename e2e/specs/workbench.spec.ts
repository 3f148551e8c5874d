import fs from "node:fs";
import { test, expect } from "../fixtures";

/**
 * The SQL workbench in the browser on the seeded demo data: a refused query shows its one-line
 * reason, an accepted one shows rows, a chart and a CSV, and a saved dataset reopens and deletes.
 */
test.describe.configure({ mode: "serial" });

test("workbench: refuse, run, chart, download, save and reopen a dataset", async ({ adminPage: page }) => {
  await page.goto("/workbench");
  const editor = page.getByLabel("SQL", { exact: true });
  await expect(page.getByRole("heading", { name: "SQL workbench" })).toBeVisible();
  await expect(page.getByText("focus", { exact: true }).first()).toBeVisible();

  await editor.fill("SELECT * FROM system.tables");
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page.getByTestId("workbench-error")).toHaveText(/System tables \(system\.tables\) are not allowed/);

  await editor.fill("SELECT ServiceName, toString(sum(EffectiveCost)) AS cost, count() AS n FROM focus GROUP BY ServiceName ORDER BY sum(EffectiveCost) DESC LIMIT 5");
  await page.getByRole("button", { name: "Run" }).click();
  const rows = page.getByTestId("workbench-results").locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId("workbench-error")).toHaveCount(0);
  await expect(page.getByRole("columnheader", { name: "ServiceName" })).toBeVisible();
  const count = await rows.count();
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThanOrEqual(5);

  const csv = page.waitForEvent("download");
  await page.getByRole("button", { name: "CSV" }).click();
  const text = fs.readFileSync(await (await csv).path(), "utf8");
  expect(text.split("\r\n")[0]).toBe("ServiceName,cost,n");
  expect(text.trim().split("\r\n")).toHaveLength(count + 1);

  await page.getByLabel("Show").selectOption("chart");
  await expect(page.locator("svg .recharts-bar-rectangle").first()).toBeVisible();
  await page.screenshot({ path: "docs/images/workbench.png", fullPage: true });
  await page.getByLabel("Show").selectOption("table");

  await page.getByLabel("Dataset name").fill("Top services (e2e)");
  await page.getByRole("button", { name: "Save as dataset" }).click();
  const datasets = page.getByRole("region", { name: "Datasets" });
  const open = datasets.getByRole("button", { name: "Top services (e2e)" });
  await expect(open).toBeVisible();
  await editor.fill("SELECT 1");
  await open.click();
  await expect(editor).toHaveValue(/FROM focus/);
  await expect(rows).toHaveCount(count);
  await datasets.getByRole("button", { name: "Delete" }).click();
  await expect(open).toHaveCount(0);
});
