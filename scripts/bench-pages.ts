/**
 * Page-interactive times in headless Chromium: sign in, then for each dashboard page the time from
 * navigation to its data on screen (a chart mark or a table row). Run against a running app:
 *   npm run bench:pages -- --url http://localhost:3000 [--email E --password P] [--runs 5] [--json]
 * Prints numbers; never fails on timing.
 */
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://localhost:3000" },
    email: { type: "string", default: "admin@abi.local" },
    password: { type: "string", default: "abi-demo-admin" },
    runs: { type: "string", default: "5" },
    json: { type: "boolean", default: false },
  },
});
const PAGES = ["/", "/costs", "/breakdown", "/heatmap", "/commitments", "/budgets", "/anomalies", "/recommendations", "/ingestion", "/infrastructure"];
// Data on screen: a chart mark, a table row, a service card, or an empty state that says so.
const READY = "main svg.recharts-surface path, main table tbody tr, main [data-service], main [role=status]:not(.skeleton)";

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${values.url}/signin`);
  await page.getByLabel("E-mail").fill(values.email!);
  await page.getByLabel("Password").fill(values.password!);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/signin"), { timeout: 30_000 });

  const results: { page: string; medianMs: number; maxMs: number }[] = [];
  for (const path of PAGES) {
    await page.goto(values.url + path); // warm-up: server caches, compiled chunks
    if (!values.json) process.stderr.write(`${path} `);
    await page.locator(READY).filter({ visible: true }).first().waitFor({ timeout: 30_000 });
    const times: number[] = [];
    for (let i = 0; i < Number(values.runs); i++) {
      const t0 = performance.now();
      await page.goto(values.url + path);
      await page.locator(READY).filter({ visible: true }).first().waitFor({ timeout: 30_000 });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    results.push({ page: path, medianMs: Math.round(times[Math.floor(times.length / 2)]!), maxMs: Math.round(times.at(-1)!) });
  }
  if (values.json) console.log(JSON.stringify({ pages: results }));
  else for (const r of results) console.log(`${r.page.padEnd(18)} median ${String(r.medianMs).padStart(5)} ms   max ${String(r.maxMs).padStart(5)} ms`);
} finally {
  await browser.close();
}
