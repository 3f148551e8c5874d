import { test, expect } from "../fixtures";
import { E2E_OIDC } from "../playwright.config";

/**
 * The whole browser flow against a real OpenID Connect provider (oidc-provider on 127.0.0.1):
 * ABI's button → the provider's login and consent pages → back in ABI, signed in as a new viewer
 * whose group memberships come from the groups claim ("finops-finance" is mapped to Finance).
 */
test("signs in through the OIDC provider and maps the groups claim", async ({ page, browser }) => {
  await page.goto("/signin?callbackUrl=%2Fcosts");
  await page.getByRole("button", { name: `Sign in with ${E2E_OIDC.name}` }).click();

  await expect(page).toHaveURL(new RegExp(`^${E2E_OIDC.issuer.replace(/\./g, "\\.")}/interaction/`));
  await page.locator('input[name="login"]').fill("finn@idp.example");
  await page.locator('input[name="password"]').fill("anything");
  await page.getByRole("button", { name: /sign-in/i }).click();
  await page.getByRole("button", { name: /continue/i }).click();

  await expect(page).toHaveURL(/localhost:\d+\/costs/);
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText("finn@idp.example");

  const me = await page.request.get("/api/trpc/system.me");
  expect(me.status()).toBe(200);
  expect((await me.json()).result.data.json).toMatchObject({
    email: "finn@idp.example",
    role: "viewer",
    dataAccess: "granted",
    via: "session",
    groups: [{ name: "Finance", source: "oidc" }],
  });

  // The admin sees the new account in the users list.
  const admin = await browser.newPage();
  const { signIn } = await import("../fixtures");
  await signIn(admin);
  await expect(admin.getByRole("navigation", { name: "Main" })).toBeVisible();
  await admin.goto("/admin/users");
  await expect(admin.getByRole("table", { name: "Users" })).toContainText("finn@idp.example");
  await admin.close();
});

test("a personal API token is shown once and works as a bearer", async ({ adminPage: page, playwright }) => {
  await page.goto("/settings/tokens");
  await page.getByLabel("Name").fill("e2e script");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!;
  expect(token).toMatch(/^abi_/);
  await expect(page.getByRole("table", { name: "API tokens" })).toContainText(token.slice(0, 12));

  const api = await playwright.request.newContext({ baseURL: page.url().replace(/\/settings.*/, "") });
  const me = await api.get("/api/trpc/system.me", { headers: { authorization: `Bearer ${token}` } });
  expect((await me.json()).result.data.json).toMatchObject({ email: "e2e-admin@example.com", via: "token" });
  // The PDF export prints the page as the token's owner.
  const pdf = await api.post("/api/trpc/exports.pdf", { headers: { authorization: `Bearer ${token}` }, data: { json: { path: "/costs" } } });
  expect(pdf.status()).toBe(200);
  expect(Buffer.from((await pdf.json()).result.data.json.base64, "base64").subarray(0, 5).toString()).toBe("%PDF-");

  await page.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("table", { name: "API tokens" })).toContainText("revoked");
  const refused = await api.get("/api/trpc/system.me", { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
  await api.dispose();
});
