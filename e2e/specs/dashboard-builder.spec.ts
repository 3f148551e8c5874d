import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { test, expect, signIn } from "../fixtures";
import { day, effectiveCostByCurrency, exportFocusRows } from "../support/focus-csv-oracle";

/**
 * The dashboard builder in the browser: an admin builds a dashboard with three widgets and shares
 * it with a viewer limited to one subscription; the viewer sees only that subscription's numbers
 * (checked against the FOCUS rows `abi export` writes, summed here), and the URL reopens the same
 * range and filters.
 */
const port = Number(process.env.E2E_PORT ?? 3210);
const dataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `abi-e2e-${port}`);
const VIEWER = { email: "dash-viewer@example.com", password: "a-long-viewer-password" };

async function trpc<T>(page: Page, proc: string, input: unknown, mutation = false): Promise<T> {
  const res = mutation
    ? await page.request.post(`/api/trpc/${proc}`, { data: { json: input } })
    : await page.request.get(`/api/trpc/${proc}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  expect(res.status(), `${proc}: ${await res.text()}`).toBe(200);
  return (await res.json()).result.data.json as T;
}

/** "$1,234.56" or "€1,234.56" → 1234.56 */
const amount = (text: string) => Number(text.replace(/[^0-9.-]/g, ""));

async function addWidget(page: Page, w: { type: string; title: string; groupBy?: string }) {
  await page.getByRole("button", { name: "Add widget" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Add widget" });
  await dialog.getByRole("combobox", { name: /^Type/ }).selectOption({ label: w.type });
  await dialog.getByLabel("Title").fill(w.title);
  if (w.groupBy) await dialog.getByRole("combobox", { name: /^Group by/ }).selectOption(w.groupBy);
  await dialog.getByRole("button", { name: "Add widget" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("region", { name: w.title })).toBeVisible();
}

test("build, share and reopen a dashboard; the viewer sees only its scope's numbers", async ({ adminPage: page, browser }) => {
  test.setTimeout(240_000);
  const days = await trpc<{ first: string; last: string }>(page, "costs.dataDays", undefined);
  const subs = await trpc<{ value: string }[]>(page, "costs.values", { from: days.first, to: days.last, dim: "SubAccountId" });
  // the second most costly subscription: a real restriction (not the only one, not "(none)")
  const named = subs.map((s) => s.value).filter((v) => v !== "");
  expect(named.length).toBeGreaterThan(1);
  const sub = named[1]!;
  const rows = exportFocusRows(dataDir, days.first.slice(0, 7), days.last.slice(0, 7));

  // the viewer: all data refused, one subscription granted
  const made = await trpc<{ id: string }>(page, "users.create", { email: VIEWER.email, name: "", role: "viewer", password: VIEWER.password }, true);
  await trpc(page, "grants.setDataAccess", { userId: made.id, dataAccess: "granted" }, true);
  await trpc(page, "grants.create", { userId: made.id, role: "viewer", scopeKind: "sub_account", scopeValue: sub }, true);

  // the admin builds the dashboard in the UI
  await page.goto("/dashboards");
  await page.getByLabel("Name").fill("Shared team costs");
  await page.getByRole("button", { name: "Create dashboard" }).click();
  await expect(page.getByRole("heading", { name: "Shared team costs" })).toBeVisible();
  const dashboardPath = new URL(page.url()).pathname;
  await addWidget(page, { type: "KPI (total)", title: "Total cost" });
  await addWidget(page, { type: "Table", title: "By subscription", groupBy: "SubAccountId" });
  await addWidget(page, { type: "Stacked bar", title: "By service", groupBy: "ServiceName" });

  const range = { from: await page.getByLabel("From", { exact: true }).inputValue(), to: await page.getByLabel("To", { exact: true }).inputValue() };
  const inRange = (r: Record<string, string>) => day(r) >= range.from && day(r) <= range.to;
  const all = effectiveCostByCurrency(rows, inRange);
  const currency = Object.keys(all)[0]!;
  const adminKpi = page.getByRole("region", { name: "Total cost" }).locator(`[data-testid$="-${currency}"]`);
  await expect(adminKpi).toBeVisible();
  expect(amount(await adminKpi.innerText())).toBeCloseTo(all[currency]!, 2);

  // share with the viewer, view only
  await page.getByRole("button", { name: "Share" }).click();
  const share = page.getByRole("dialog", { name: "Share dashboard" });
  await share.getByLabel("Email").fill(VIEWER.email);
  await share.getByRole("button", { name: "Add", exact: true }).click();
  await share.getByRole("button", { name: "Save sharing" }).click();
  await expect(share).toBeHidden();
  await page.screenshot({ path: "docs/screenshots/dashboard-builder.png", fullPage: true });

  // the viewer, in a separate session
  const ctx = await browser.newContext();
  const viewer = await ctx.newPage();
  await signIn(viewer, VIEWER.email, VIEWER.password);
  await expect(viewer.getByRole("navigation", { name: "Main" })).toBeVisible();
  await viewer.goto("/dashboards");
  await viewer.getByRole("table", { name: "Shared with me" }).getByRole("link", { name: "Shared team costs" }).click();
  await expect(viewer.getByText("shared with you (view only)")).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Add widget" })).toHaveCount(0);
  const mine = effectiveCostByCurrency(rows, (r) => inRange(r) && r.SubAccountId === sub);
  for (const [cur, want] of Object.entries(mine)) {
    const kpi = viewer.getByRole("region", { name: "Total cost" }).locator(`[data-testid$="-${cur}"]`);
    await expect(kpi).toBeVisible();
    expect(amount(await kpi.innerText())).toBeCloseTo(want, 2);
    const tableTotal = viewer.getByRole("region", { name: "By subscription" }).locator(`[data-testid$="-${cur}"]`);
    await expect(tableTotal).toBeVisible();
    expect(amount(await tableTotal.innerText())).toBeCloseTo(want, 2);
  }
  expect(Object.keys(mine).sort()).toEqual(
    (await viewer.getByRole("region", { name: "Total cost" }).locator('[data-testid^="kpi-"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")!.slice(-3)))).sort(),
  );
  await expect(viewer.getByRole("region", { name: "By subscription" }).getByRole("row")).toHaveCount(1 + 2 * Object.keys(mine).length); // header, one row and one total per currency

  // the viewer narrows the range and adds a filter; the URL reopens exactly that state
  const narrow = { from: range.to.slice(0, 8) + "01", to: range.to };
  await viewer.getByLabel("From", { exact: true }).fill(narrow.from);
  await expect(viewer).toHaveURL(new RegExp(`from=${narrow.from}`));
  const url = viewer.url();
  const reopened = await ctx.newPage();
  await reopened.goto(url);
  await expect(reopened.getByLabel("From", { exact: true })).toHaveValue(narrow.from);
  await expect(reopened.getByLabel("To", { exact: true })).toHaveValue(narrow.to);
  const narrowWant = effectiveCostByCurrency(rows, (r) => day(r) >= narrow.from && day(r) <= narrow.to && r.SubAccountId === sub);
  for (const [cur, want] of Object.entries(narrowWant)) {
    const kpi = reopened.getByRole("region", { name: "Total cost" }).locator(`[data-testid$="-${cur}"]`);
    await expect.poll(async () => amount(await kpi.innerText())).toBeCloseTo(want, 2);
  }
  expect(new URL(url).pathname).toBe(dashboardPath);
  await ctx.close();
});
