import { extractText, getDocumentProxy } from "unpdf";
import { startSmtpServer, type SmtpTestServer } from "../../test/support/smtp-test-server";
import { mailAttachments } from "../../test/support/mail-attachments";
import { expect, signIn, test } from "../fixtures";

/**
 * Issue 13 "done when": an analyst schedules a report, presses "Send now", and the e-mail arrives
 * with the PDF attached — printed signed in as the analyst (a short-lived token), with the page's
 * title block. The SMTP server (STARTTLS + sign-in) is started here.
 */
const ANALYST = { email: "e2e-reports-analyst@example.com", password: "e2e-reports-analyst-password" };
let smtp: SmtpTestServer;

test.beforeAll(async () => {
  smtp = await startSmtpServer();
});
test.afterAll(async () => smtp?.close());

test("an analyst schedules a PDF report, presses Send now, and the e-mail arrives with the PDF", async ({ adminPage: admin, browser }) => {
  test.setTimeout(240_000);
  const made = await admin.request.post("/api/trpc/users.create", { data: { json: { email: ANALYST.email, role: "analyst", password: ANALYST.password } } });
  expect(made.ok()).toBe(true);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, ANALYST.email, ANALYST.password);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Scheduled reports" })).toBeVisible();

  // The analyst's personal e-mail channel (the alerts spec covers its form).
  const channel = await page.request.post("/api/trpc/alertChannels.create", {
    data: { json: { name: "My report mail", plugin: "email-smtp", personal: true, config: { host: "localhost", port: smtp.port, security: "starttls", from: "abi@example.com", caPem: smtp.ca }, secrets: { username: smtp.user, password: smtp.password } } },
  });
  expect(channel.ok()).toBe(true);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Scheduled reports" }).click();
  await expect(page).toHaveURL(/\/reports$/);
  const form = page.getByRole("form", { name: "New report" });
  await form.locator("input[name=name]").fill("Weekly cost explorer");
  await form.locator("select[name=page]").selectOption("costs");
  await form.locator("select[name=format]").selectOption("pdf");
  await form.locator("select[name=frequency]").selectOption("weekly");
  await form.locator("select[name=dayOfWeek]").selectOption({ label: "Monday" });
  await form.locator("input[name=timeOfDay]").fill("08:15");
  await form.locator("input[name=timeZone]").fill("Europe/Paris");
  await form.locator("select[name=channelId]").selectOption({ label: "My report mail (personal)" });
  await form.getByRole("button", { name: "Schedule report" }).click();
  const row = page.getByRole("table", { name: "Reports" }).getByRole("row").filter({ hasText: "Weekly cost explorer" });
  await expect(row).toContainText("weekly on Monday at 08:15 Europe/Paris");

  await row.getByRole("button", { name: "Send Weekly cost explorer now" }).click();
  await expect(page.getByRole("table", { name: "Delivery log" })).toContainText("sent", { timeout: 120_000 });
  await expect(page.getByRole("table", { name: "Delivery log" })).toContainText(ANALYST.email);

  const mail = smtp.mails.find((m) => m.subject.includes("Weekly cost explorer"));
  expect(mail?.to).toEqual([ANALYST.email]);
  const [file] = mailAttachments(mail!.raw);
  expect(file!.contentType).toBe("application/pdf");
  expect(file!.content.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(file!.content)), { mergePages: false });
  expect(text[0]).toContain("Cost explorer");
  expect(text[0]).toMatch(/From \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}/);
  expect(text[0]).toMatch(/Scope\s*All billing data/);
  await context.close();
});
