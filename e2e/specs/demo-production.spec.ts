import os from "node:os";
import type { Browser, Page, Request } from "@playwright/test";
import { test, expect } from "../fixtures";
import { E2E_ADMIN } from "../playwright.config";

/**
 * Finding 1: the quick start serves a production build that works from any address it is
 * opened on (not only http://localhost), and the sign-in form never puts credentials in a URL,
 * with or without JavaScript.
 */
const port = Number(process.env.E2E_PORT ?? 3210);

/** This machine's first non-loopback IPv4 address (what `hostname -I` lists), else loopback. */
function externalAddress(): string {
  const address = Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
  return address ?? "127.0.0.1";
}

const hosts = [...new Set(["127.0.0.1", externalAddress()])];

/** Every URL the page asked for or showed, to check that the password is in none of them. */
function recordUrls(page: Page) {
  const requests: Request[] = [];
  page.on("request", (r) => requests.push(r));
  return requests;
}

async function fillSignIn(page: Page) {
  await page.getByLabel("E-mail").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
}

async function newPage(browser: Browser, host: string, javaScriptEnabled: boolean) {
  const context = await browser.newContext({ baseURL: `http://${host}:${port}`, javaScriptEnabled });
  return { context, page: await context.newPage() };
}

for (const host of hosts) {
  test(`signs in and hydrates the dashboard when opened via http://${host}:${port}`, async ({ browser }) => {
    const { context, page } = await newPage(browser, host, true);
    const requests = recordUrls(page);
    await page.goto("/signin");
    await expect(page.getByRole("img", { name: "ABI" })).toBeVisible();
    await fillSignIn(page);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    expect(new URL(page.url()).host).toBe(`${host}:${port}`);
    // Hydrated: the KPIs are filled by client-side tRPC queries (React Query) after hydration.
    await expect(page.getByTestId("kpi-mtd")).toContainText(/\$[\d,]+/);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("img", { name: "ABI" })).toBeVisible();
    // A production build: no Next.js dev badge/overlay.
    await expect(page.locator("nextjs-portal")).toHaveCount(0);
    const signInPost = requests.find((r) => r.url().includes("/api/auth/callback/credentials"));
    expect(signInPost?.method()).toBe("POST");
    for (const r of requests) expect(r.url()).not.toContain(E2E_ADMIN.password);
    await context.close();
  });
}

test("without JavaScript the sign-in form posts, never puts the password in a URL, and signs in", async ({ browser }) => {
  const { context, page } = await newPage(browser, externalAddress(), false);
  const requests = recordUrls(page);
  const seen: string[] = [];
  page.on("framenavigated", (f) => seen.push(f.url()));
  await page.goto("/signin");
  await fillSignIn(page);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForLoadState();
  const submitted = requests.filter((r) => r.isNavigationRequest() && r.url().includes("/api/auth/callback/credentials"));
  expect(submitted.length).toBe(1);
  expect(submitted[0]!.method()).toBe("POST");
  expect(submitted[0]!.postData()).toContain("password=");
  // A first visit has no CSRF cookie yet: that post sets it and comes back to sign-in; the second signs in.
  if (!(await page.getByRole("navigation", { name: "Main" }).isVisible())) {
    await expect(page.getByRole("heading", { name: "Sign in to ABI" })).toBeVisible();
    await fillSignIn(page);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
  }
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  for (const r of requests) {
    expect(r.url()).not.toContain(E2E_ADMIN.password);
    if (r.url().includes("/api/auth/callback/credentials")) expect(r.method()).toBe("POST");
  }
  for (const url of [...seen, page.url()]) expect(url).not.toContain(E2E_ADMIN.password);
  await expect(page.locator("nextjs-portal")).toHaveCount(0);
  await context.close();
});

test("without JavaScript a wrong password is refused with a message, by POST", async ({ browser }) => {
  const { context, page } = await newPage(browser, "127.0.0.1", false);
  const requests = recordUrls(page);
  for (let attempt = 0; attempt < 2; attempt++) {
    await page.goto("/signin");
    await page.getByLabel("E-mail").fill(E2E_ADMIN.email);
    await page.getByLabel("Password").fill("wrong-password-123");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForLoadState();
  }
  await expect(page.getByRole("alert")).toHaveText("Wrong e-mail or password.");
  for (const r of requests) expect(r.url()).not.toContain("wrong-password-123");
  await context.close();
});

test("the logo and favicon are served without a session", async ({ request, page }) => {
  for (const file of ["/abi-logo.svg", "/icon.svg"]) {
    const res = await request.get(file, { maxRedirects: 0 });
    expect(res.status(), file).toBe(200);
    expect(res.headers()["content-type"]).toContain("image/svg+xml");
  }
  await page.goto("/signin");
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute("href", /\/icon\.svg/);
  await expect(page.locator("nextjs-portal")).toHaveCount(0);
});
