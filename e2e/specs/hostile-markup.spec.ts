import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";
import { test, expect } from "../fixtures";

/**
 * Script in billing data and names must stay text: an EA export whose resource name and tag
 * values carry <img onerror> / <script> payloads, ingested through the upload form into a source
 * whose name is a payload too; every page that renders them is opened and nothing may run
 * (window.__xss stays undefined, no dialog opens) while the payload shows as literal text.
 */

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test/fixtures/azure-ea/EA_ActualCost_Small.csv");
const RESOURCE = "<img src=x onerror=window.__xss=1>";
const TAG_SCRIPT = "<script>window.__xss=2</script>";
const TAG_IMG = "<img src=x onerror=alert(3)>";
const SOURCE = "<img src=x onerror=window.__xss=4> uploads";
const VIEW = `"><svg onload=window.__xss=6> view`;
const BUDGET = "<script>window.__xss=7</script> budget";
const RANGE = "from=2023-09-01&to=2023-09-30";

/** The Small EA fixture with payloads in one row's ResourceName and two of its tag values. */
function hostileExport(): Buffer {
  const text = fs.readFileSync(FIXTURE, "utf8");
  const out = text
    .replace(",dbstoragewp6hglwvvrad2,", `,${RESOURCE},`)
    .replace('""application"": ""databricks""', `""application"": ""${TAG_SCRIPT}""`)
    .replace('""org"": ""trey""', `""org"": ""${TAG_IMG}""`);
  expect(out.split(RESOURCE)).toHaveLength(2);
  return Buffer.from(out);
}

async function watchForScript(page: Page): Promise<string[]> {
  const dialogs: string[] = [];
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  return dialogs;
}

async function expectNothingRan(page: Page, dialogs: string[]) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
}

test("script in tag values, resource names and a source name is shown as text and never runs", async ({ adminPage: page }) => {
  test.setTimeout(240_000);
  const dialogs = await watchForScript(page);

  await page.goto("/sources/new");
  await page.getByLabel("Plugin").selectOption({ label: "File upload" });
  await page.getByLabel("Name").fill(SOURCE);
  await page.getByRole("button", { name: "Create source" }).click();
  await expect(page).toHaveURL(/\/sources$/);
  await expect(page.getByRole("table", { name: "Data sources" })).toContainText(SOURCE);
  await expectNothingRan(page, dialogs);

  await page.goto("/ingestion");
  const form = page.getByRole("form", { name: "Upload export files" });
  await form.getByLabel("Into source").selectOption({ label: SOURCE });
  await form.getByLabel("Files (CSV, .csv.gz or Parquet)").setInputFiles({ name: "EA_ActualCost_hostile.csv", mimeType: "text/csv", buffer: hostileExport() });
  await form.getByRole("button", { name: "Upload and ingest" }).click();
  const row = page.getByTestId("run-row").filter({ hasText: SOURCE }).first();
  await expect(row.locator(".badge")).toHaveText("completed", { timeout: 150_000 });
  await expectNothingRan(page, dialogs);

  await row.getByRole("link", { name: "upload" }).click();
  await expect(page.getByRole("heading", { name: `${SOURCE} · upload` })).toBeVisible();
  await expectNothingRan(page, dialogs);

  await page.goto(`/heatmap?${RANGE}`);
  await expect(page.getByRole("table", { name: "Heatmap rows" })).toContainText(RESOURCE);
  await expectNothingRan(page, dialogs);

  for (const key of ["application", "org"]) {
    await page.goto(`/costs?${RANGE}&group=${encodeURIComponent(`tag:${key}`)}`);
    await expect(page.getByRole("table", { name: "Costs by group" })).toContainText(key === "org" ? TAG_IMG : TAG_SCRIPT);
    await expectNothingRan(page, dialogs);
  }

  await page.goto(`/costs?${RANGE}&group=ResourceName`);
  await expect(page.getByRole("table", { name: "Costs by group" })).toContainText(RESOURCE);
  await expectNothingRan(page, dialogs);

  // a saved view's name, saved through the page's own form, comes back in the picker as text
  await page.getByLabel("Name of the view to save").fill(VIEW);
  await page.getByRole("button", { name: "Save view" }).click();
  await page.reload();
  await expect(page.locator("option", { hasText: VIEW })).toHaveCount(1);
  await expectNothingRan(page, dialogs);

  // a budget named with a script (created over the tRPC HTTP endpoint with this session)
  const created = await page.evaluate(async (name) => {
    const res = await fetch("/api/trpc/budgets.create", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: { name, amount: "100", currency: "USD" } }) });
    return res.status;
  }, BUDGET);
  expect(created).toBe(200);
  await page.goto("/budgets");
  await expect(page.getByText(BUDGET).first()).toBeVisible();
  await expectNothingRan(page, dialogs);

  // a filter chip built from a hand-made URL renders its values as text too
  const f = JSON.stringify(["tag:org", "in", [TAG_IMG, `${TAG_SCRIPT}"><svg onload=window.__xss=5>`]]);
  await page.goto(`/breakdown?${RANGE}&f=${encodeURIComponent(f)}`);
  await expect(page.getByRole("list", { name: "Active filters" })).toContainText(TAG_IMG);
  await expectNothingRan(page, dialogs);

  for (const p of [`/anomalies?${RANGE}&dim=${encodeURIComponent("tag:application")}`, `/recommendations?${RANGE}`, "/", "/sources"]) {
    await page.goto(p);
    await page.waitForLoadState("networkidle");
    await expectNothingRan(page, dialogs);
  }
});
