import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import os from "node:os";
import { spawnSync } from "node:child_process";
import { test, expect } from "../fixtures";
import { generateEaExports } from "../../src/domain/seed";
import { createS3Client } from "../../src/domain/sources/s3-exports";
import { putExportRun } from "../../test/support/azure-export-fixtures";
import { startS3Server, type S3TestServer } from "../../test/support/s3-server";
import { freePort } from "../../src/domain/runtime/free-port";

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test/fixtures/azure-ea/EA_AmortizedCost_Small.csv");


test("an admin creates a file-upload source, uploads an EA export and follows the run to its lineage", async ({ adminPage: page }) => {
  test.setTimeout(180_000);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Data sources" }).click();
  await expect(page.getByRole("heading", { name: "Data sources" })).toBeVisible();
  await page.getByRole("link", { name: "Add a data source" }).click();
  await page.getByLabel("Plugin").selectOption({ label: "File upload" });
  await page.getByLabel("Name").fill("Browser uploads");
  await page.getByRole("button", { name: "Create source" }).click();
  await expect(page).toHaveURL(/\/sources$/);
  await expect(page.getByRole("table", { name: "Data sources" }).getByRole("row").filter({ hasText: "Browser uploads" })).toContainText("File upload");

  await page.goto("/ingestion");
  const form = page.getByRole("form", { name: "Upload export files" });
  await form.getByLabel("Into source").selectOption({ label: "Browser uploads" });
  await form.getByLabel("Files (CSV, .csv.gz or Parquet)").setInputFiles(FIXTURE);
  await form.getByRole("button", { name: "Upload and ingest" }).click();
  await expect(form.getByRole("status")).toContainText("Uploaded EA_AmortizedCost_Small.csv; ingesting.");

  const row = page.getByTestId("run-row").filter({ hasText: "Browser uploads" }).first();
  await expect(row).toBeVisible();
  await expect(row.locator(".badge")).toHaveText("completed", { timeout: 120_000 });
  await expect(row).toContainText("USD");

  await row.getByRole("link", { name: "upload" }).click();
  await expect(page.getByRole("heading", { name: "Browser uploads · upload" })).toBeVisible();
  const sha = createHash("sha256").update(fs.readFileSync(FIXTURE)).digest("hex");
  const files = page.getByRole("table", { name: "Files", exact: true });
  await expect(files).toContainText("EA_AmortizedCost_Small.csv");
  await expect(files.getByTestId("sha256")).toHaveText(sha);
  await expect(page.getByRole("heading", { name: "Validation report" })).toBeVisible();
  await expect(page.getByTestId("validation-summary")).toContainText(/\d+ checks: \d+ passed, \d+ failed/);
  await expect(page.getByRole("table", { name: "Steps" })).toContainText("convert");
});

test("an upload of a file type ABI cannot read is refused with the reason", async ({ adminPage: page }) => {
  await page.goto("/ingestion");
  const form = page.getByRole("form", { name: "Upload export files" });
  await form.getByLabel("Files (CSV, .csv.gz or Parquet)").setInputFiles({ name: "invoice.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4") });
  await form.getByRole("button", { name: "Upload and ingest" }).click();
  await expect(form.getByRole("alert")).toHaveText("invoice.pdf: upload CSV (.csv), gzip-compressed CSV (.csv.gz) or Parquet (.parquet) files");
});

test("an S3 source with a wrong endpoint fails Test connection with the reason; its secret is never shown", async ({ adminPage: page }) => {
  const port = await freePort();
  await page.goto("/sources/new");
  await page.getByLabel("Plugin").selectOption({ label: "Azure exports in S3 / MinIO" });
  await page.getByLabel("Name").fill("MinIO exports");
  await page.getByLabel("Endpoint").fill(`http://127.0.0.1:${port}`);
  await page.getByLabel("Bucket").fill("billing");
  await page.getByLabel("Access key ID").fill("abiaccess");
  await page.getByLabel("Secret access key").fill("a-very-secret-value");
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByRole("form", { name: "Data source" }).getByRole("alert")).toContainText(`Connection failed: Connecting failed: cannot reach the S3 endpoint http://127.0.0.1:${port}`);

  await page.getByLabel("Pull daily").check();
  await page.getByLabel("Hour (UTC)").selectOption("6");
  await page.getByRole("button", { name: "Create source" }).click();
  await expect(page).toHaveURL(/\/sources$/);
  const row = page.getByRole("table", { name: "Data sources" }).getByRole("row").filter({ hasText: "MinIO exports" });
  await expect(row).toContainText("daily at 06:00 UTC");
  await expect(row).toContainText("secretAccessKey: ••• set");
  await expect(page.locator("body")).not.toContainText("a-very-secret-value");

  await row.getByRole("link", { name: "MinIO exports" }).click();
  await expect(page.getByLabel("Secret access key")).toHaveValue("");
  await expect(page.getByLabel("Secret access key")).toHaveAttribute("placeholder", "••• set (leave empty to keep)");
  await expect(page.getByLabel("Endpoint")).toHaveValue(`http://127.0.0.1:${port}`);
});

test.describe("an S3 source end to end", () => {
  let s3: S3TestServer;
  const month = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1)).toISOString().slice(0, 7);

  test.beforeAll(async () => {
    s3 = await startS3Server({ buckets: ["billing"] });
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "abi-e2e-gen-"));
    const gen = await generateEaExports({ outDir: out, months: 1, rowsPerDay: 100, seed: 7, endMonth: month });
    const client = createS3Client({ endpoint: s3.endpoint, bucket: "billing", accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey });
    for (const f of gen.files) {
      await putExportRun(client, {
        bucket: "billing", root: "exports", exportName: `ea-${f.kind}`, month: f.month, submittedTime: `${month}-20T06:00:00Z`,
        type: f.kind === "actual" ? "ActualCost" : "AmortizedCost", parts: [{ name: "part_0_0001.csv", body: fs.readFileSync(f.path), rowCount: f.rows }],
      });
    }
    fs.rmSync(out, { recursive: true, force: true });
  });
  test.afterAll(async () => s3?.stop());

  test("an admin adds the bucket, tests it, runs a month from the console and sees the data; the CLI goes through the app", async ({ adminPage: page }) => {
    test.setTimeout(180_000);
    await page.goto("/sources/new");
    await page.getByLabel("Plugin").selectOption({ label: "Azure exports in S3 / MinIO" });
    await page.getByLabel("Name").fill("Live exports");
    await page.getByLabel("Endpoint").fill(s3.endpoint);
    await page.getByLabel("Bucket").fill("billing");
    await page.getByLabel("Prefix").fill("exports");
    await page.getByLabel("Access key ID").fill(s3.accessKeyId);
    await page.getByLabel("Secret access key").fill(s3.secretAccessKey);
    await page.getByRole("button", { name: "Test connection" }).click();
    await expect(page.getByRole("form", { name: "Data source" }).getByRole("status")).toContainText("Connected: Connected; s3://billing/exports/ has files.");
    await page.getByRole("button", { name: "Create source" }).click();
    await expect(page).toHaveURL(/\/sources$/);

    await page.goto("/ingestion");
    const runNow = page.getByRole("form", { name: "Run now" });
    await runNow.getByLabel("Source").selectOption({ label: "Live exports" });
    await runNow.getByLabel("Billing month").fill(month);
    await runNow.getByRole("button", { name: "Run now" }).click();
    await expect(runNow.getByRole("status")).toHaveText(`Started ${month}.`);
    const row = page.getByTestId("run-row").filter({ hasText: "Live exports" }).first();
    await expect(row.locator(".badge")).toHaveText("completed", { timeout: 120_000 });

    await row.getByRole("link", { name: month }).click();
    await expect(page.getByRole("heading", { name: `Live exports · ${month}` })).toBeVisible();
    await expect(page.getByRole("table", { name: "Files", exact: true })).toContainText("ea-actual/part_0_0001.csv");
    await expect(page.getByRole("table", { name: "Cost per currency" })).toContainText("USD");
    await expect(page.getByRole("table", { name: "Steps" })).toContainText("data quality");

    // The app owns the embedded data directory, so the CLI hands its commands to the app.
    const port = Number(process.env.E2E_PORT ?? 3210);
    const env = { ...process.env, ABI_DATA_DIR: process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `abi-e2e-${port}`), CLICKHOUSE_URL: "", DATABASE_URL: "", TEMPORAL_ADDRESS: "" };
    const abi = (...args: string[]) => spawnSync(process.execPath, ["bin/abi.mjs", ...args], { env, encoding: "utf8", timeout: 120_000 });
    const run = abi("run", "--source", "Live exports", "--month", month, "--json");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ sourceName: "Live exports", month, status: "completed" });
    const runs = abi("runs", "--source", "Live exports", "--json");
    expect(JSON.parse(runs.stdout).map((r: { status: string }) => r.status)).toEqual(["completed", "completed"]);
    // A refusal made by the app reaches the CLI as one readable line.
    const next = new Date();
    next.setUTCDate(1);
    next.setUTCMonth(next.getUTCMonth() + 1);
    const future = next.toISOString().slice(0, 7);
    const refused = abi("run", "--source", "Live exports", "--month", future);
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim()).toBe(`abi: ${future} is in the future`);
    // Only the Cost Details API has a 13-month window: an export source runs an old month, which fails for want of an export.
    const old = abi("run", "--source", "Live exports", "--month", "2019-01");
    expect(old.status).toBe(1);
    expect(old.stderr.trim()).toBe("abi: run failed: no complete export run for 2019-01 under s3://billing/exports");
  });
});
