import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { test, expect } from "../fixtures";

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test/fixtures/azure-ea/EA_AmortizedCost_Small.csv");

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

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
  const files = page.getByRole("table", { name: "Files" });
  await expect(files).toContainText("EA_AmortizedCost_Small.csv");
  await expect(files.getByTestId("sha256")).toHaveText(sha);
  await expect(page.getByRole("heading", { name: "Validation report" })).toBeVisible();
  await expect(page.getByTestId("validation-summary")).toContainText(/\d+ checks: \d+ passed, \d+ failed/);
  await expect(page.getByRole("table", { name: "Steps" })).toContainText("stage, convert, validate, swap");
});

test("an upload of a file type ABI cannot read is refused with the reason", async ({ adminPage: page }) => {
  await page.goto("/ingestion");
  const form = page.getByRole("form", { name: "Upload export files" });
  await form.getByLabel("Files (CSV, .csv.gz or Parquet)").setInputFiles({ name: "invoice.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4") });
  await form.getByRole("button", { name: "Upload and ingest" }).click();
  await expect(form.getByRole("alert")).toHaveText("invoice.pdf: upload CSV (.csv), gzip-compressed CSV (.csv.gz) or Parquet (.parquet) files");
});

test("an S3 source with a wrong endpoint fails Test connection with the reason; its secret is never shown", async ({ adminPage: page }) => {
  const port = await closedPort();
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
