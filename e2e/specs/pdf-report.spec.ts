import fs from "node:fs";
import { extractText, getDocumentProxy } from "unpdf";
import { test, expect } from "../fixtures";

/**
 * Issue 13 "Found": the PDF export is a report, not a screenshot of the controls. The cost
 * explorer's PDF (text extracted with unpdf) starts with its title block (title, From–To, filters,
 * scope, currency, generated-at), every page has "Page N of M", and no control label is printed.
 */
test.describe.configure({ mode: "serial" });

test("the cost explorer's PDF prints a title block with the date range and page numbers, and no controls", async ({ adminPage: page }) => {
  await page.goto("/costs?gran=week");
  await expect(page.getByRole("table", { name: "Costs by group", exact: true }).locator("tbody tr").first()).toBeVisible();
  const from = await page.getByRole("textbox", { name: "From", exact: true }).inputValue();
  const to = await page.getByRole("textbox", { name: "To", exact: true }).inputValue();
  expect(from).toMatch(/^\d{4}-\d{2}-\d{2}$/);

  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), page.getByRole("button", { name: "PDF" }).click()]);
  const bytes = fs.readFileSync(await download.path());
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text, totalPages } = await extractText(pdf, { mergePages: false });
  const all = text.join("\n");

  expect(text[0]).toContain("Cost explorer");
  expect(text[0]).toContain(`From ${from} to ${to}`);
  expect(text[0]).toContain("Per week");
  expect(text[0]).toMatch(/Filters\s*none/);
  expect(text[0]).toMatch(/Scope\s*All billing data/);
  expect(text[0]).toMatch(/Currency\s*USD/);
  expect(text[0]).toMatch(/Generated\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
  for (let n = 1; n <= totalPages; n++) expect(text[n - 1]).toContain(`Page ${n} of ${totalPages}`);
  // the controls are not printed
  for (const control of ["Granularity", "Group by", "Month to date", "Last 30 days", "Add filter", "Saved view", "XLSX", "Previous"]) expect(all).not.toContain(control);
});

test("printed, the chart's legend sits above the plot, even when it wraps to several lines", async ({ adminPage: page }) => {
  // the print layout at the printable width of A4 landscape, as the PDF export lays it out
  await page.setViewportSize({ width: 1047, height: 740 });
  await page.emulateMedia({ media: "print" });
  await page.goto("/costs?group=ResourceName"); // ten resource names: the legend wraps
  const chart = page.getByTestId("cost-chart");
  await expect(chart.locator("svg .recharts-bar-rectangle").first()).toBeVisible();
  const legend = await chart.locator(".recharts-default-legend").boundingBox();
  const grid = await chart.locator(".recharts-cartesian-grid").boundingBox();
  expect(legend && grid).toBeTruthy();
  expect(legend!.height).toBeGreaterThan(30); // several services: the legend wraps
  expect(legend!.y + legend!.height).toBeLessThanOrEqual(grid!.y + 1);
});
