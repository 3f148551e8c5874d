import { test, expect, signIn } from "../fixtures";

test("an unsigned visitor is sent to the sign-in page", async ({ page }) => {
  await page.goto("/infrastructure");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Finfrastructure/);
  await expect(page.getByRole("heading", { name: "Sign in to ABI" })).toBeVisible();
});

test("a wrong password shows an error and stays on sign-in", async ({ page }) => {
  await signIn(page, "e2e-admin@example.com", "not-the-password");
  await expect(page.getByRole("alert").filter({ hasText: "Wrong e-mail or password." })).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
});

test("an admin sees every service healthy on /infrastructure", async ({ adminPage: page }) => {
  await page.goto("/infrastructure");
  await expect(page.getByRole("heading", { name: "Infrastructure" })).toBeVisible();
  for (const name of ["ClickHouse", "PostgreSQL", "Temporal"]) {
    const card = page.getByRole("region", { name: `${name} status` });
    await expect(card).toContainText("Healthy");
    await expect(card).toContainText("embedded");
  }
  await expect(page.getByRole("region", { name: "ClickHouse status" })).toContainText(/26\.\d+/);
  await expect(page.getByRole("region", { name: "PostgreSQL status" })).toContainText("PGlite");
  await expect(page.getByTestId("overall-status")).toHaveText("All services healthy");
});

test("the health endpoint answers ok and nothing more to anonymous visitors", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: "ok" });
  expect((await request.get("/api/health?details=1")).status()).toBe(401);
});

test("an admin gets the health details", async ({ adminPage: page }) => {
  const res = await page.request.get("/api/health?details=1");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(Object.keys(body.services)).toEqual(expect.arrayContaining(["clickhouse", "postgres", "temporal"]));
});

test("a second app on the same data directory stops with a clear message", async () => {
  const { spawnSync } = await import("node:child_process");
  const port = Number(process.env.E2E_PORT ?? 3210) + 1;
  const dataDir = process.env.E2E_DATA_DIR ?? `${(await import("node:os")).tmpdir()}/abi-e2e-${port - 1}`;
  const second = spawnSync(process.execPath, ["scripts/next.mjs", "start"], {
    env: { ...process.env, PORT: String(port), ABI_DATA_DIR: dataDir, CLICKHOUSE_URL: "", DATABASE_URL: "", TEMPORAL_ADDRESS: "" },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(second.status).toBe(1);
  expect(second.stderr).toMatch(new RegExp(`abi: data directory .*abi-e2e-${port - 1} is in use by process \\d+`));
});
