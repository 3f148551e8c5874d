import { test as base, expect, type Page } from "@playwright/test";
import { E2E_ADMIN } from "./playwright.config";

export async function signIn(page: Page, email = E2E_ADMIN.email, password = E2E_ADMIN.password) {
  await page.goto("/signin");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

export const test = base.extend<{ adminPage: Page }>({
  adminPage: async ({ page }, use) => {
    await signIn(page);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await use(page);
  },
});

export { expect };
