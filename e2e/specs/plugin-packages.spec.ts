/**
 * Issue 11: a third party's plugin through the browser, on the production build. The admin uploads
 * the example package (examples/plugins/focus-http, packed by the test) at /marketplace/upload,
 * sees its sha256 (computed here independently) and installs it; creates a source of it at
 * /sources/new (the form generated from the package's schema), runs a month served by a local HTTP
 * server and sees its rows. Loading the package at run time in `next start` proves the server
 * bundle left the import() of installed packages alone. Then version 2 is uploaded and the plugin
 * upgraded and rolled back on /marketplace/focus-http (that page lands with the marketplace).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test, expect } from "../fixtures";
import { focusHttpV1, focusHttpV2 } from "../../test/plugins/support/plugin-package";

const FOCUS_10 = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test/fixtures/focus-1.0/focus_sample.csv");
const MONTH = "2024-09";
const TOKEN = "e2e-focus-http-token";

let server: http.Server;
let baseUrl: string;

test.beforeAll(async () => {
  const csv = readFileSync(FOCUS_10);
  server = http.createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end();
    if (req.url === `/focus/${MONTH}/focus.csv`) return void res.writeHead(200, { "content-type": "text/csv" }).end(csv);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/focus`;
});
test.afterAll(() => server?.close());

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

test.describe.configure({ mode: "serial" });

test("an admin uploads the example plugin, checks its sha256, installs it, creates a source from its schema, runs it and sees its rows", async ({ adminPage: page }) => {
  test.setTimeout(180_000);
  const v1 = await focusHttpV1();
  await page.goto("/marketplace/upload");
  await page.getByLabel("Package (.tgz)").setInputFiles(v1);
  await page.getByRole("button", { name: "Upload and check" }).click();
  const uploaded = page.getByRole("region", { name: "Uploaded package" });
  await expect(uploaded.getByRole("heading", { name: "FOCUS files over HTTP 1.0.0" })).toBeVisible();
  await expect(uploaded.getByTestId("package-sha256")).toHaveText(sha256(v1));
  await expect(uploaded.getByTestId("package-compatible")).toHaveText("yes");
  await uploaded.getByRole("button", { name: "Install" }).click();
  await expect(uploaded.getByRole("status")).toContainText("Installed FOCUS files over HTTP 1.0.0");

  await page.goto("/sources/new");
  await page.getByLabel("Plugin").selectOption({ label: "FOCUS files over HTTP" });
  await page.getByLabel("Name").fill("HTTP FOCUS");
  await page.getByLabel(/^Base url/).fill(baseUrl);
  await page.getByLabel(/^Token/).fill(TOKEN);
  await page.getByRole("button", { name: "Create source" }).click();
  await expect(page).toHaveURL(/\/sources$/);

  await page.goto("/ingestion");
  const runNow = page.getByRole("form", { name: "Run now" });
  await runNow.getByLabel("Source").selectOption({ label: "HTTP FOCUS" });
  await runNow.getByLabel("Billing month").fill(MONTH);
  await runNow.getByRole("button", { name: "Run now" }).click();
  await expect(runNow.getByRole("status")).toHaveText(`Started ${MONTH}.`);
  const row = page.getByTestId("run-row").filter({ hasText: "HTTP FOCUS" }).first();
  await expect(row.locator(".badge")).toHaveText("completed", { timeout: 120_000 });
  await row.getByRole("link", { name: MONTH }).click();
  await expect(page.getByRole("heading", { name: `HTTP FOCUS · ${MONTH}` })).toBeVisible();
  await expect(page.getByTestId("run-plugin")).toHaveText("focus-http 1.0.0");
  await expect(page.getByRole("table", { name: "Files", exact: true })).toContainText("focus.csv");
  await expect(page.getByRole("table", { name: "Cost per currency" })).toContainText("USD");
});

test("version 2 is uploaded, then the plugin is upgraded and rolled back on its marketplace page", async ({ adminPage: page }) => {
  test.setTimeout(120_000);
  const v2 = await focusHttpV2();
  await page.goto("/marketplace/upload");
  await page.getByLabel("Package (.tgz)").setInputFiles(v2);
  await page.getByRole("button", { name: "Upload and check" }).click();
  const uploaded = page.getByRole("region", { name: "Uploaded package" });
  await expect(uploaded.getByTestId("package-sha256")).toHaveText(sha256(v2));

  const res = await page.goto("/marketplace/focus-http");
  expect(res?.status()).toBe(200);
  await page.getByRole("button", { name: "Upgrade to 2.0.0" }).click();
  await expect(page.getByRole("button", { name: "Roll back to 1.0.0" })).toBeVisible();
  await page.getByRole("button", { name: "Roll back to 1.0.0" }).click();
  await expect(page.getByRole("button", { name: "Upgrade to 2.0.0" })).toBeVisible();
});
