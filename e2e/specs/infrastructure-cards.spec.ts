import { test, expect, signIn } from "../fixtures";

/**
 * The infrastructure console (issue 12 item 4): a card for every configured service with its
 * details and the 24 h health history chart; the page and its procedures are for admins only.
 */
const CARDS: [string, RegExp[]][] = [
  ["ClickHouse", [/disk used/, /fact rows/, /fact parts/, /merges running/]],
  ["PostgreSQL", [/data directory size/, /embedded \(PGlite/]],
  ["Temporal", [/namespace/, /workers polling/, /running workflows/, /schedules/]],
  ["Object storage", [/objects/, /bucket size/, /full listing/]],
];

test("an admin sees every configured service's card with its details and its history chart", async ({ adminPage: page }) => {
  await page.goto("/infrastructure");
  await expect(page.getByRole("heading", { name: "Infrastructure" })).toBeVisible();
  for (const [name, details] of CARDS) {
    const card = page.getByRole("region", { name: `${name} status` });
    await expect(card).toContainText("Healthy");
    for (const d of details) await expect(card).toContainText(d);
    // The page view stored this minute's sample: availability and the latency chart.
    const history = card.getByTestId("health-history");
    await expect(history).toBeVisible();
    await expect(history.getByTestId("availability")).toContainText(/% available · \d+ samples?/);
    await expect(history.locator("svg.recharts-surface")).toBeVisible();
  }
  // Seeded data is in the fact table: the ClickHouse card counts its rows.
  await expect(page.getByRole("region", { name: "ClickHouse status" })).not.toContainText(/fact rows\s*0\b/);

  const history = await page.request.get("/api/trpc/system.healthHistory");
  expect(history.status()).toBe(200);
  const services = ((await history.json()).result.data.json as { service: string }[]).map((h) => h.service);
  expect(services).toEqual(expect.arrayContaining(["clickhouse", "postgres", "temporal", "storage"]));
});

test("a viewer cannot reach the infrastructure console or its procedures", async ({ adminPage: admin, browser }) => {
  const email = `infra-viewer-${Date.now()}@example.com`;
  const created = await admin.request.post("/api/trpc/users.create", {
    data: { json: { email, name: "Infra viewer", role: "viewer", password: "a-long-password" } },
  });
  expect(created.status()).toBe(200);

  const page = await browser.newPage();
  await signIn(page, email, "a-long-password");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await page.goto("/infrastructure");
  await expect(page).toHaveURL(/forbidden=infrastructure/);
  await expect(page.getByRole("region", { name: "ClickHouse status" })).toHaveCount(0);
  for (const procedure of ["system.health", "system.healthHistory"]) {
    expect((await page.request.get(`/api/trpc/${procedure}`)).status(), procedure).toBe(403);
  }
  expect((await page.request.get("/api/metrics")).status()).toBe(401);
  await page.close();
});
