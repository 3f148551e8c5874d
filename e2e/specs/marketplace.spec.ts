import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { test, expect, signIn } from "../fixtures";
import { generateEaExports } from "../../src/domain/seed";
import { createS3Client } from "../../src/domain/sources/s3-exports";
import { putExportRun } from "../../test/support/azure-export-fixtures";
import { startS3Server, type S3TestServer } from "../../test/support/s3-server";

/**
 * The marketplace (issue 11, step 5): an admin installs `azure-exports-s3` through the wizard
 * against a real S3 server (rclone on 127.0.0.1: the URL policy refuses only link-local and
 * metadata addresses, so loopback is allowed) holding a generated EA export, tests the connection,
 * runs it and sees the data on the installed-plugins dashboard. Viewers and analysts get no link,
 * the refusal page and FORBIDDEN.
 */
let s3: S3TestServer;
const month = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1)).toISOString().slice(0, 7);

test.beforeAll(async () => {
  s3 = await startS3Server({ buckets: ["market"] });
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "abi-e2e-market-"));
  const gen = await generateEaExports({ outDir: out, months: 1, rowsPerDay: 100, seed: 21, endMonth: month });
  const client = createS3Client({ endpoint: s3.endpoint, bucket: "market", accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey });
  for (const f of gen.files) {
    await putExportRun(client, {
      bucket: "market", root: "azure", exportName: `ea-${f.kind}`, month: f.month, submittedTime: `${month}-20T06:00:00Z`,
      type: f.kind === "actual" ? "ActualCost" : "AmortizedCost", parts: [{ name: "part_0_0001.csv", body: fs.readFileSync(f.path), rowCount: f.rows }],
    });
  }
  fs.rmSync(out, { recursive: true, force: true });
});
test.afterAll(async () => s3?.stop());

test("an admin installs Azure exports in S3 through the wizard, tests it, runs it and sees the data", async ({ adminPage: page }) => {
  test.setTimeout(240_000);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Marketplace" }).click();
  await expect(page.getByRole("heading", { name: "Marketplace" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Upload a plugin package" })).toHaveAttribute("href", "/marketplace/upload");

  // search and filters
  const cards = page.getByRole("list", { name: "Plugins" });
  await expect(cards.getByRole("listitem", { name: "File upload" })).toBeVisible();
  await page.getByLabel("Search").fill("bucket manifest");
  await expect(cards.getByRole("listitem")).toHaveCount(1);
  await expect(cards.getByRole("listitem", { name: "Azure exports in S3 / MinIO" })).toContainText("ABI");
  await page.getByLabel("Search").fill("");
  await page.getByLabel("Category").selectOption({ label: "Billing API" });
  await expect(cards.getByRole("listitem")).toHaveCount(1);
  await expect(cards.getByRole("listitem", { name: "Azure Cost Details API" })).toBeVisible();
  await page.getByLabel("Category").selectOption({ label: "All categories" });
  await page.getByLabel("Kind").selectOption("source");

  await cards.getByRole("link", { name: "Azure exports in S3 / MinIO" }).click();
  await expect(page.getByRole("heading", { name: /Azure exports in S3 \/ MinIO/ })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: "docs/plugins.md#built-in-plugins" })).toBeVisible();
  const versions = page.getByRole("table", { name: "Versions" });
  await expect(versions).toContainText("1.0.0");
  await expect(versions).toContainText("ABI ^1.0.0 · ours 1.0.0: ✓ compatible");
  await expect(page.getByTestId("secret-hosts")).toContainText("secret access key is only sent to the host named by its S3 endpoint");

  // Built-ins come installed. Unused (this spec alone), it is uninstalled and installed again
  // through the wizard; used by another spec's sources, the refusal names them and the wizard
  // starts at "configure".
  await page.getByRole("button", { name: "Uninstall" }).click();
  const install = page.getByRole("button", { name: "Install", exact: true });
  const refusal = page.getByRole("alert").filter({ hasText: "cannot uninstall azure-exports-s3" });
  await expect(install.or(refusal)).toBeVisible();
  if (await install.isVisible()) {
    await expect(page.locator(".badge", { hasText: "not installed" })).toBeVisible();
    await install.click();
    await expect(page.getByRole("heading", { name: "Install Azure exports in S3 / MinIO" })).toBeVisible();
    await page.getByRole("combobox", { name: "Version" }).selectOption("1.0.0");
    await expect(page.getByTestId("install-sha256")).toHaveText("built in (no package)");
    await page.getByRole("region", { name: "Choose what to install" }).getByRole("button", { name: "Install" }).click();
  } else {
    await expect(refusal).toContainText("data source(s) use it");
    await page.getByRole("button", { name: "Add a data source" }).click();
    await page.getByRole("button", { name: "Next" }).click();
  }

  // configure: checked inline by the plugin's schemas
  const configure = page.getByRole("form", { name: "Configure" });
  await configure.getByLabel("Name").fill("Marketplace exports");
  await configure.getByLabel("Endpoint").fill("ftp://example.com");
  await configure.getByRole("button", { name: "Next" }).click();
  await expect(configure.getByRole("alert").filter({ hasText: "The S3 endpoint must be an http:// or https:// URL" })).toBeVisible();
  await configure.getByLabel("Endpoint").fill(s3.endpoint);
  await configure.getByLabel("Bucket").fill("market");
  await configure.getByLabel("Prefix").fill("azure");
  await configure.getByLabel("Access key ID").fill(s3.accessKeyId);
  await configure.getByLabel("Secret access key").fill(s3.secretAccessKey);
  await configure.getByLabel("Hour (UTC)").selectOption("5");
  await expect(configure.getByRole("alert")).toHaveCount(0);
  await configure.getByRole("button", { name: "Next" }).click();

  // test connection, step by step
  const testStep = page.getByRole("region", { name: "Test connection" });
  await testStep.getByRole("button", { name: "Test connection" }).click();
  const steps = testStep.getByRole("table", { name: "Connection steps" });
  await expect(steps.getByRole("row").filter({ hasText: "list the prefix" })).toContainText("ok");
  await expect(testStep.getByRole("status")).toContainText("Connected: Connected; s3://market/azure/ has files.");
  await testStep.getByRole("button", { name: "Next" }).click();

  const createStep = page.getByRole("region", { name: "Create the data source" });
  await expect(createStep).toContainText("pulled daily at 05:00 UTC");
  await createStep.getByRole("button", { name: "Create data source" }).click();

  const runStep = page.getByRole("region", { name: "First run" });
  await expect(runStep.getByRole("status")).toHaveText("Created Marketplace exports.");
  await runStep.getByLabel("Billing month").fill(month);
  await runStep.getByRole("button", { name: "Start the first run" }).click();
  const live = page.getByTestId("live-run");
  await expect(live.locator(".badge")).toHaveText("completed", { timeout: 150_000 });
  await expect(live).toContainText(/[\d,]+ rows loaded/);
  await expect(live).toContainText("USD");
  await expect(page.locator("body")).not.toContainText(s3.secretAccessKey);

  // the installed-plugins dashboard
  await live.getByRole("link", { name: "installed plugins dashboard" }).click();
  await expect(page.getByRole("heading", { name: "Installed plugins" })).toBeVisible();
  const row = page.getByTestId("installed-row").filter({ hasText: "Marketplace exports" });
  await expect(row).toContainText("completed");
  await expect(row).toContainText(month);
  await expect(row.locator("td.num").first()).toHaveText(/^[1-9][\d,]*$/);
  const head = page.getByTestId("installed-row").filter({ hasText: "Azure exports in S3 / MinIO" }).first();
  await expect(head).toContainText("1.0.0");
  await expect(head).toContainText("enabled");
  await expect(head).toContainText("ok");

  // and in the ingestion console
  await page.goto("/ingestion");
  await expect(page.getByTestId("run-row").filter({ hasText: "Marketplace exports" }).first().locator(".badge")).toHaveText("completed");
});

async function createUser(page: Page, email: string, role: "viewer" | "analyst") {
  const status = await page.evaluate(
    async (u) => (await fetch("/api/trpc/users.create", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: u }) })).status,
    { email, name: "", role, password: "a-long-enough-password" },
  );
  expect(status).toBe(200);
}

test("a viewer and an analyst get no marketplace link, a refusal page and FORBIDDEN", async ({ adminPage, browser }) => {
  for (const role of ["viewer", "analyst"] as const) {
    const email = `market-${role}@example.com`;
    await createUser(adminPage, email, role);
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, email, "a-long-enough-password");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toBeVisible();
    await expect(nav.getByRole("link", { name: "Marketplace" })).toHaveCount(0);

    for (const url of ["/marketplace", "/marketplace/installed", "/marketplace/azure-exports-s3", "/marketplace/azure-exports-s3/install"]) {
      await page.goto(url);
      await expect(page).toHaveURL(/\/\?forbidden=marketplace$/);
      await expect(page.getByText("The marketplace page is for admins only.")).toBeVisible();
    }

    for (const proc of ["plugins.list", "marketplace.installed"]) {
      const res = await page.request.get(`/api/trpc/${proc}`);
      expect(res.status(), proc).toBe(403);
      expect(await res.text()).toContain("FORBIDDEN");
    }
    const install = await page.request.post("/api/trpc/plugins.install", { data: { json: { id: "azure-exports-s3" } } });
    expect(install.status()).toBe(403);
    await context.close();
  }
});
