import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect, signIn } from "../fixtures";
import { generateEaExports } from "../../src/domain/seed";
import { createS3Client } from "../../src/domain/sources/s3-exports";
import { putExportRun } from "../../test/support/azure-export-fixtures";
import { startS3Server, type S3TestServer } from "../../test/support/s3-server";

/**
 * The infrastructure console's workflows page: a month run started from the ingestion console is
 * listed there with its outcome, the source's daily schedule can be paused and resumed, and a
 * viewer can reach neither the page nor its data.
 */
const SOURCE = "Workflow page exports";
const month = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
let s3: S3TestServer;

test.beforeAll(async () => {
  s3 = await startS3Server({ buckets: ["billing"] });
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "abi-e2e-wf-"));
  const gen = await generateEaExports({ outDir: out, months: 1, rowsPerDay: 100, seed: 11, endMonth: month });
  const client = createS3Client({ endpoint: s3.endpoint, bucket: "billing", accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey });
  for (const f of gen.files) {
    await putExportRun(client, {
      bucket: "billing", root: "wf", exportName: `ea-${f.kind}`, month: f.month, submittedTime: `${month}-20T06:00:00Z`,
      type: f.kind === "actual" ? "ActualCost" : "AmortizedCost", parts: [{ name: "part_0_0001.csv", body: fs.readFileSync(f.path), rowCount: f.rows }],
    });
  }
  fs.rmSync(out, { recursive: true, force: true });
});
test.afterAll(async () => s3?.stop());

test("a run started from the ingestion console shows on the workflows page; the source's schedule pauses and resumes", async ({ adminPage: page }) => {
  test.setTimeout(180_000);
  await page.goto("/sources/new");
  await page.getByLabel("Plugin").selectOption({ label: "Azure exports in S3 / MinIO" });
  await page.getByLabel("Name").fill(SOURCE);
  await page.getByLabel("Endpoint").fill(s3.endpoint);
  await page.getByLabel("Bucket").fill("billing");
  await page.getByLabel("Prefix").fill("wf");
  await page.getByLabel("Access key ID").fill(s3.accessKeyId);
  await page.getByLabel("Secret access key").fill(s3.secretAccessKey);
  await page.getByLabel("Pull daily").check();
  await page.getByLabel("Hour (UTC)").selectOption("5");
  await page.getByRole("button", { name: "Create source" }).click();
  await expect(page).toHaveURL(/\/sources$/);

  await page.goto("/ingestion");
  const runNow = page.getByRole("form", { name: "Run now" });
  await runNow.getByLabel("Source").selectOption({ label: SOURCE });
  await runNow.getByLabel("Billing month").fill(month);
  await runNow.getByRole("button", { name: "Run now" }).click();
  await expect(runNow.getByRole("status")).toHaveText(`Started ${month}.`);

  await page.goto("/infrastructure");
  await page.getByRole("link", { name: "Workflows and schedules" }).click();
  await expect(page.getByRole("heading", { name: "Workflows", exact: true })).toBeVisible();
  const executions = page.getByRole("table", { name: "Workflow executions" });
  const run = executions.getByTestId("execution-row").filter({ hasText: "ingestSourceMonth" }).filter({ hasText: `-${month}` }).first();
  await expect(run).toBeVisible();
  await expect(run.locator(".badge")).toHaveText("completed", { timeout: 120_000 });
  await expect(run.locator("td").nth(5)).toHaveText("1");

  // Filtered to another type, the run is not listed; back to its own type, it is.
  await page.getByLabel("Workflow type").selectOption("selfCheck");
  await expect(executions.getByTestId("execution-row").filter({ hasText: "ingestSourceMonth" })).toHaveCount(0);
  await page.getByLabel("Workflow type").selectOption("ingestSourceMonth");
  await expect(executions.getByTestId("execution-row").filter({ hasText: `-${month}` }).first()).toBeVisible();

  // The run links to its report in the ingestion console.
  await executions.getByTestId("execution-row").filter({ hasText: `-${month}` }).first().getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: `${SOURCE} · ${month}` })).toBeVisible();

  await page.goto("/infrastructure/workflows");
  const schedule = page.getByRole("table", { name: "Schedules" }).getByTestId("schedule-row").filter({ hasText: `daily ingest of ${SOURCE}` });
  await expect(schedule).toContainText("dailySourceIngest");
  await expect(schedule).toContainText("daily at 05:00 UTC");
  await expect(schedule.locator(".badge")).toHaveText("active");
  await schedule.getByRole("button", { name: "Pause" }).click();
  await expect(schedule.locator(".badge")).toHaveText("paused");
  await expect(schedule).toContainText("paused by e2e-admin@example.com in ABI");
  await schedule.getByRole("button", { name: "Resume" }).click();
  await expect(schedule.locator(".badge")).toHaveText("active");

  await page.goto("/admin/audit");
  await expect(page.locator("body")).toContainText("schedule.pause");
  await expect(page.locator("body")).toContainText("schedule.resume");
});

test("a viewer can reach neither the workflows page nor its data", async ({ adminPage: page, browser }) => {
  const email = `wf-viewer-${Date.now()}@example.com`;
  const made = await page.request.post("/api/trpc/users.create", { data: { json: { email, name: "", role: "viewer", password: "a-long-password" } } });
  expect(made.status()).toBe(200);

  const context = await browser.newContext();
  const viewer = await context.newPage();
  await signIn(viewer, email, "a-long-password");
  await expect(viewer.getByRole("navigation", { name: "Main" })).toBeVisible();
  await viewer.goto("/infrastructure/workflows");
  await expect(viewer).toHaveURL(/\/\?forbidden=infrastructure$/);
  await expect(viewer.getByRole("heading", { name: "Workflows", exact: true })).toHaveCount(0);
  const list = await viewer.request.get("/api/trpc/workflows.executions");
  expect(list.status()).toBe(403);
  const pause = await viewer.request.post("/api/trpc/workflows.pauseSchedule", { data: { json: { scheduleId: "any" } } });
  expect(pause.status()).toBe(403);
  await context.close();
});
