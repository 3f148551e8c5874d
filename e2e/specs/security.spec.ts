import { test, expect, signIn } from "../fixtures";
import type { APIResponse, Page } from "@playwright/test";

function expectSecurityHeaders(res: APIResponse) {
  const h = res.headers();
  expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["content-security-policy"]).toContain("object-src 'none'");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["permissions-policy"]).toContain("camera=()");
  // served over plain http, and a client's own X-Forwarded-Proto is not trusted without ABI_TRUST_PROXY=1
  expect(h["strict-transport-security"]).toBeUndefined();
}

test("every kind of response carries the security headers", async ({ request }) => {
  const page = await request.get("/signin", { headers: { "x-forwarded-proto": "https" } });
  expectSecurityHeaders(page);
  const html = await page.text();
  const asset = html.match(/\/_next\/static\/[^"']+\.js/)?.[0];
  expect(asset).toBeTruthy();
  const responses = [page, await request.get("/", { maxRedirects: 0 }), await request.get("/api/health"), await request.get(asset!)];
  expect(responses.map((r) => r.status())).toEqual([200, 307, 200, 200]);
  for (const r of responses) expectSecurityHeaders(r);
  // a fresh nonce per response, and Next's own scripts carry it
  const nonce = page.headers()["content-security-policy"]!.match(/'nonce-([^']+)'/)![1]!;
  expect(html).toContain(`nonce="${nonce}"`);
  const again = await request.get("/signin");
  expect(again.headers()["content-security-policy"]).not.toContain(nonce);
});

/** Every CSP violation the page reports, from the console and from `securitypolicyviolation` events. */
async function watchCsp(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect)/i.test(m.text())) seen.push(m.text());
  });
  await page.exposeFunction("__cspViolation", (s: string) => seen.push(s));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { __cspViolation: (s: string) => void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return seen;
}

test("signing in and two dashboards run under the CSP without a single violation; charts draw", async ({ page }) => {
  const violations = await watchCsp(page);
  await signIn(page);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(page.getByTestId("trend-chart").locator("svg path.recharts-area-area").first()).toBeVisible();
  await page.goto("/costs");
  await expect(page.getByTestId("cost-chart").locator("svg .recharts-bar-rectangle").first()).toBeVisible();
  await page.goto("/breakdown");
  await expect(page.getByTestId("breakdown-chart").locator("svg rect").first()).toBeVisible();
  expect(violations).toEqual([]);
});

test("a hostile callbackUrl lands on the app's home page after sign-in, not another site", async ({ page, baseURL }) => {
  for (const hostile of ["/%5Cevil.example", "//evil.example", "/%5C%5Cevil.example/x"]) {
    await page.context().clearCookies();
    await page.goto(`/signin?callbackUrl=${hostile}`);
    await page.getByLabel("E-mail").fill("e2e-admin@example.com");
    await page.getByLabel("Password").fill("e2e-admin-password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    expect(page.url()).toBe(`${baseURL}/`);
  }
});

test("the sign-in form says when an account is locked after repeated failures", async ({ page }) => {
  for (let i = 0; i < 4; i++) {
    await signIn(page, "nobody@example.com", `guess-${i}`);
    await expect(page.getByRole("alert").filter({ hasText: /./ })).toHaveText("Wrong e-mail or password.");
  }
  await signIn(page, "nobody@example.com", "guess-4");
  await expect(page.getByRole("alert").filter({ hasText: /./ })).toHaveText(/^This account is temporarily locked after too many failed sign-ins; try again in \d+ s \(at \d\d:\d\d:\d\d UTC\)\.$/);
  await expect(page).toHaveURL(/\/signin/);
});

test("uploads beyond the hourly limit are answered 429 with the wait", async ({ adminPage: page }) => {
  // ABI_RATE_UPLOADS_PER_HOUR is 10 for this server (playwright.config.ts); requests without a source still count
  const statuses: number[] = [];
  let refusal: { error: string } | undefined;
  let retryAfter: string | undefined;
  for (let i = 0; i < 12 && !refusal; i++) {
    const res = await page.request.post("/api/uploads", { multipart: { file: { name: "a.csv", mimeType: "text/csv", buffer: Buffer.from("x\n") } } });
    statuses.push(res.status());
    if (res.status() === 429) {
      refusal = await res.json();
      retryAfter = res.headers()["retry-after"];
    }
  }
  expect(statuses.at(-1)).toBe(429);
  expect(statuses.slice(0, -1).every((s) => s === 400)).toBe(true);
  expect(refusal!.error).toMatch(/^Too many requests; try again in \d+ s$/);
  expect(Number(retryAfter)).toBeGreaterThan(0);
});
