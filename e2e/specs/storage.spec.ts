import { test, expect, signIn } from "../fixtures";
import { startS3Server, type S3TestServer } from "../../test/support/s3-server";

/**
 * Issue 12, item 1: an admin points platform storage at a real S3 server (rclone), tests it step
 * by step (a missing bucket first, created from the page), saves; a viewer cannot reach the page.
 */
let s3: S3TestServer;

test.beforeAll(async () => {
  s3 = await startS3Server();
});

test.afterAll(async () => {
  await s3?.stop();
});

test("an admin sets object storage, tests it, creates the bucket and saves", async ({ adminPage: page }) => {
  await page.goto("/infrastructure");
  await page.getByRole("link", { name: "Object storage" }).click();
  await expect(page.getByRole("heading", { name: "Object storage" })).toBeVisible();
  await expect(page.getByTestId("storage-location")).toContainText("no S3 bucket is configured");

  await page.getByLabel("Endpoint").fill(s3.endpoint);
  await page.getByLabel("Bucket").fill("abi-e2e");
  await page.getByLabel("Access key").fill(s3.accessKeyId);
  await page.getByLabel("Secret key").fill(s3.secretAccessKey);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("step-list")).toContainText("The bucket does not exist on this server");

  await page.getByRole("button", { name: "Create bucket abi-e2e" }).click();
  await expect(page.getByText("Bucket abi-e2e created")).toBeVisible();
  await page.getByRole("button", { name: "Test connection" }).click();
  for (const step of ["list", "put", "get", "delete"]) await expect(page.getByTestId(`step-${step}`)).toContainText("ok");
  await expect(page.getByText("Connected: every step worked.")).toBeVisible();

  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(`Saved. New files go to s3://abi-e2e/abi/ at ${s3.endpoint}`)).toBeVisible();
  await expect(page.getByLabel("Secret key")).toHaveValue("");
  await expect(page.getByLabel("Secret key")).toHaveAttribute("placeholder", "stored (leave empty to keep it)");
  // The secret is nowhere in what the page loaded.
  await page.reload();
  await expect(page.getByTestId("storage-location")).toContainText("s3://abi-e2e/abi/");
  expect(await page.content()).not.toContain(s3.secretAccessKey);
  const settings = await page.request.get("/api/trpc/storage.settings");
  expect(await settings.text()).not.toContain(s3.secretAccessKey);
  await expect(page.getByRole("table", { name: "Raw archive per source" })).toBeVisible();
});

test("a viewer cannot reach the storage page or its procedures", async ({ adminPage: admin, browser }) => {
  const email = `viewer-${Date.now()}@example.com`;
  const made = await admin.request.post("/api/trpc/users.create", { data: { json: { email, name: "", role: "viewer", password: "a-long-viewer-password" } } });
  expect(made.status()).toBe(200);
  const page = await browser.newPage();
  await signIn(page, email, "a-long-viewer-password");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await page.goto("/infrastructure/storage");
  await expect(page).toHaveURL(/\/\?forbidden=infrastructure/);
  expect((await page.request.get("/api/trpc/storage.settings")).status()).toBe(403);
  await page.close();
});
