import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateEaExports } from "../../src/domain/seed";
import { startSmtpServer, type SmtpTestServer } from "../../test/support/smtp-test-server";
import { expect, signIn, test } from "../fixtures";

/**
 * Issue 13 "done when": an analyst creates a budget alert and an e-mail channel, a month that
 * crosses it is uploaded, the e-mail arrives once, and not again when the same month is uploaded
 * again. The SMTP server (STARTTLS + sign-in) is started here.
 */
const ANALYST = { email: "e2e-alerts-analyst@example.com", password: "e2e-alerts-analyst-password" };
const ACCOUNT = "99887766"; // an EA enrollment number only these files have
let smtp: SmtpTestServer;
let files: string[] = [];
let currency = "";

test.beforeAll(async () => {
  smtp = await startSmtpServer();
  // This month so far, for a billing account only these files have: the budget (filtered to it)
  // is at 0 before the upload and far above its 1-unit amount after it.
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "abi-e2e-alerts-"));
  const now = new Date();
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const month = now.getUTCDate() === 1 ? yesterday.slice(0, 7) : now.toISOString().slice(0, 7);
  const gen = await generateEaExports({ outDir: out, months: 1, endMonth: month, throughDate: yesterday, rowsPerDay: 100, seed: 5, billingAccountId: ACCOUNT });
  files = gen.files.map((f) => f.path);
  currency = "USD"; // the generator's enrollment bills in USD
});
test.afterAll(async () => smtp?.close());

test("an analyst's budget alert e-mails once when an uploaded month crosses it, not again on re-upload", async ({ adminPage: admin, browser }) => {
  test.setTimeout(300_000);
  const made = await admin.request.post("/api/trpc/users.create", { data: { json: { email: ANALYST.email, role: "analyst", password: ANALYST.password } } });
  expect(made.ok()).toBe(true);

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, ANALYST.email, ANALYST.password);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts" })).toBeVisible();

  // A personal e-mail channel (analysts may only make these; they mail the analyst only).
  await page.goto("/alerts/channels");
  const channelForm = page.getByRole("form", { name: "New channel" });
  await channelForm.getByLabel("Kind").selectOption({ label: "E-mail (SMTP)" });
  await channelForm.getByLabel("Name", { exact: true }).fill("My mail");
  await channelForm.locator("input[name=host]").fill("localhost");
  await channelForm.locator("input[name=port]").fill(String(smtp.port));
  await channelForm.locator("input[name=security]").fill("starttls");
  await channelForm.locator("input[name=from]").fill("abi@example.com");
  await channelForm.locator("textarea").fill(smtp.ca);
  await channelForm.locator("input[name=username]").fill(smtp.user);
  await channelForm.locator("input[name=password]").fill(smtp.password);
  await channelForm.getByRole("button", { name: "Create channel" }).click();
  const channelRow = page.getByRole("table", { name: "Channels" }).getByRole("row").filter({ hasText: "My mail" });
  await expect(channelRow).toContainText("personal (you)");
  await expect(page.locator("body")).not.toContainText(smtp.password);
  await channelRow.getByRole("button", { name: "Test" }).click();
  await expect(page.getByRole("list", { name: "Test result" })).toContainText("accepted the connection and the sign-in");

  // The budget (a budget of the analyst's own, for the uploaded account only) and the rule.
  const budget = await page.request.post("/api/trpc/budgets.create", {
    data: { json: { name: "E2E account", amount: "1", currency, period: "monthly", filters: [{ dim: "BillingAccountId", op: "in", values: [ACCOUNT] }] } },
  });
  expect(budget.ok()).toBe(true);
  await page.goto("/alerts/rules");
  const ruleForm = page.getByRole("form", { name: "New rule" });
  await ruleForm.getByLabel("Name", { exact: true }).fill("E2E account over budget");
  await ruleForm.getByLabel("Kind").selectOption({ label: "Budget threshold" });
  await ruleForm.getByLabel(/^Budget/).selectOption({ label: "E2E account" }); // the name also holds the chosen option
  await ruleForm.locator("input[name=thresholdPct]").fill("100");
  await ruleForm.getByLabel("My mail").check();
  await ruleForm.getByRole("button", { name: "Preview current value" }).click();
  await expect(ruleForm.getByRole("region", { name: "Preview" })).toContainText("Would not fire now.");
  await ruleForm.getByRole("button", { name: "Create rule" }).click();
  await expect(page.getByRole("table", { name: "Rules" })).toContainText("E2E account over budget");

  // An admin uploads the month into a file-upload source.
  await admin.goto("/sources/new");
  await admin.getByLabel("Plugin").selectOption({ label: "File upload" });
  await admin.getByLabel("Name").fill("Alert uploads");
  await admin.getByRole("button", { name: "Create source" }).click();
  await expect(admin).toHaveURL(/\/sources$/);
  const upload = async (n: number) => {
    await admin.goto("/ingestion");
    const form = admin.getByRole("form", { name: "Upload export files" });
    await form.getByLabel("Into source").selectOption({ label: "Alert uploads" });
    await form.getByLabel("Files (CSV, .csv.gz or Parquet)").setInputFiles(files);
    await form.getByRole("button", { name: "Upload and ingest" }).click();
    const rows = admin.getByTestId("run-row").filter({ hasText: "Alert uploads" });
    await expect(rows).toHaveCount(n, { timeout: 60_000 });
    await expect(rows.first().locator(".badge")).toHaveText("completed", { timeout: 180_000 });
  };
  await upload(1);
  await expect.poll(() => smtp.mails.length, { timeout: 90_000 }).toBe(1);
  const mail = smtp.mails[0]!;
  expect(mail.to).toEqual([ANALYST.email]);
  expect(mail.secure).toBe(true);
  expect(mail.subject).toMatch(/^\[ABI\] Budget "E2E account": spend at [\d.]+ % \(threshold 100 %\)$/);
  expect(mail.text).toContain(`Budget: 1.00 ${currency}`);
  expect(mail.text).toMatch(/\/budgets\?budget=/);

  await page.goto("/alerts");
  const alertRow = page.getByTestId("alert-row").filter({ hasText: "E2E account over budget" });
  await expect(alertRow).toHaveCount(1);
  await alertRow.getByRole("button", { name: "Delivery log" }).click();
  await expect(page.getByRole("table", { name: "Delivery attempts" })).toContainText("delivered");

  // The same month again: the alert is still open, no second e-mail.
  await upload(2);
  await page.waitForTimeout(20_000);
  expect(smtp.mails).toHaveLength(1);
  await page.reload();
  await expect(page.getByTestId("alert-row").filter({ hasText: "E2E account over budget" })).toHaveCount(1);
  await alertRow.getByRole("button", { name: "Acknowledge" }).click();
  await expect(alertRow).toContainText("acknowledged");
  await context.close();
});
