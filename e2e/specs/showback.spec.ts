import fs from "node:fs";
import { test, expect } from "../fixtures";

/**
 * Showback in the browser on the seeded demo data: an admin adds the CostCenter aliases and an
 * allocation rule, the table shows direct + allocated = total per team and month, the drill-down
 * lists the rule, and the CSV export carries the FOCUS 1.3 allocation columns.
 */
test("showback: a rule splits untagged spend; totals add up; drill-down and CSV export", async ({ adminPage: page }) => {
  await page.goto("/showback");
  const aliases = page.getByRole("form", { name: "Tag key aliases form" });
  await aliases.getByLabel("Key", { exact: true }).fill("CostCenter");
  await aliases.getByLabel("Aliases", { exact: true }).fill("cost-center, CostCentre");
  await aliases.getByRole("button", { name: "Save aliases" }).click();
  await expect(page.getByRole("table", { name: "Tag key aliases" }).getByRole("cell", { name: /costcentre/ })).toBeVisible();
  const form = page.getByRole("form", { name: "Allocation rule" });
  await form.getByLabel("Name", { exact: true }).fill("untagged spend");
  await form.getByRole("button", { name: "Create rule" }).click();
  const rules = page.getByRole("region", { name: "Allocation rules" });
  await expect(rules.getByRole("cell", { name: "untagged spend" }).first()).toBeVisible();

  const table = page.getByRole("table", { name: "Showback", exact: true });
  await expect(table.locator("tbody tr").first()).toBeVisible();
  // every row: direct + allocated = total; each figure is rounded for display, so within a cent
  // (the exact sums are checked against SQL in test/allocation/allocation.test.ts)
  const cents = (t: string) => Math.round(Number(t.replace(/[^\d.-]/g, "")) * 100);
  const rows = await table.locator("tbody tr").all();
  let allocatedSeen = false;
  const totals: number[] = [];
  for (const r of rows.slice(0, 20)) {
    const cells = await r.locator("td").allInnerTexts();
    expect(Math.abs(cents(cells[2]!) + cents(cells[3]!) - cents(cells[4]!))).toBeLessThanOrEqual(1);
    if (cents(cells[3]!) !== 0) allocatedSeen = true;
    if (cells[0] === (await rows[0]!.locator("td").first().innerText())) totals.push(cents(cells[4]!));
  }
  // largest total first within a month
  expect(totals).toEqual([...totals].sort((a, b) => b - a));
  expect(allocatedSeen).toBe(true);

  await table.getByRole("button", { name: /./ }).first().click();
  await expect(page.getByRole("region", { name: "Contributing rules" }).getByRole("cell", { name: "untagged spend" })).toBeVisible();
  fs.mkdirSync("docs/screenshots", { recursive: true });
  await page.screenshot({ path: "docs/screenshots/showback.png", fullPage: true });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "CSV", exact: true }).click()]);
  const csv = fs.readFileSync(await download.path(), "utf8");
  expect(csv.split("\r\n")[0]).toContain("AllocatedMethodId,AllocatedMethodDetails,AllocatedResourceId,AllocatedResourceName,AllocatedTags");
  expect(csv).toContain("untagged spend");
});
