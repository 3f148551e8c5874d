import { test, expect, signIn } from "../fixtures";

test("an admin runs a backup from /infrastructure/backups and sees it listed", async ({ adminPage: page }) => {
  await page.goto("/infrastructure/backups");
  await expect(page.getByRole("heading", { name: "Backups" })).toBeVisible();
  await expect(page.getByText("Restore is only on the command line")).toBeVisible();
  const rows = page.getByRole("table", { name: "Backups" }).locator("tbody tr");
  await page.getByRole("button", { name: "Back up now" }).click();
  // The workflow runs on the in-process worker; the list refreshes every few seconds.
  const done = rows.filter({ hasText: /complete \(ABI / });
  await expect(done.first()).toBeVisible({ timeout: 120_000 });
  await expect(done.first()).toContainText(/objects\/backups\/\d{8}T\d{6}Z-[0-9a-f]{4}/);
  await expect(done.first()).toContainText(/\d+(\.\d)? (KB|MB)/);
});

test("a viewer cannot reach the backups page", async ({ adminPage: page, browser }) => {
  await page.goto("/admin/users");
  const email = `backup-viewer-${Date.now()}@example.com`;
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Initial password").fill("viewer-password-123");
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("table", { name: "Users" })).toContainText(email);

  const context = await browser.newContext();
  const viewer = await context.newPage();
  await signIn(viewer, email, "viewer-password-123");
  await expect(viewer.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(viewer.getByRole("link", { name: "Backups" })).toHaveCount(0);
  await viewer.goto("/infrastructure/backups");
  await expect(viewer).toHaveURL(/\/\?forbidden=backups$/);
  await expect(viewer.getByRole("heading", { name: "Backups" })).toHaveCount(0);
  await context.close();
});
