/**
 * Dashboard page times in headless Chromium (issue 15, item 2): for every dashboard page, signed
 * in as an admin AND as a user scoped to one sub account, the time from navigation to its data on
 * screen (a chart mark or a table row), and the slowest tRPC batch behind it (server time).
 *
 *   cold: each load has a date range no earlier load used, so no result-cache hit;
 *   warm: the same URL loaded again (result-cache hits, compiled chunks cached).
 *
 *   npm run bench:pages -- --rows 1000000 [--port 3570] [--runs 3] [--json] [--keep DIR]
 *     seeds a fresh store of that many synthetic FOCUS rows (scripts/bench/synthetic-focus.ts)
 *     with rollups, creates the two users, builds the production app once (build-once.mjs) and
 *     starts it on --port; stops it at the end.
 *   npm run bench:pages -- --url http://localhost:3000 [--email E --password P] [--json]
 *       [--scoped-email E --scoped-password P]
 *     measures an app that is already running (the scoped user only when given).
 *
 * --json prints {"rows","pages":[{"page","user","coldServerMs","coldContentMs","warmContentMs"}]}
 * (medians). Machines shared with other work give noisy absolute times: compare ratios within
 * one run. Never fails on timing; not part of the test command.
 */
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import { parseArgs } from "node:util";
import { chromium, type Page, type Request } from "playwright-core";
import { prepareStore, startApp, stopApp } from "./bench/production-app";

const { values } = parseArgs({
  options: {
    rows: { type: "string" },
    url: { type: "string" },
    port: { type: "string", default: "3570" },
    email: { type: "string", default: "admin@abi.local" },
    password: { type: "string", default: "abi-demo-admin" },
    runs: { type: "string", default: "3" },
    json: { type: "boolean", default: false },
    keep: { type: "string" },
    "scoped-email": { type: "string" },
    "scoped-password": { type: "string" },
  },
});
const log = (msg: string) => process.stderr.write(`${msg}\n`);
const runs = Number(values.runs);
if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number ≥ 1, got ${values.runs}`);

const PAGES = ["/", "/costs", "/breakdown", "/heatmap", "/commitments", "/budgets", "/anomalies", "/recommendations"];
// Data on screen: a chart mark, a table row, or an empty state that says so.
const READY = "main svg.recharts-surface path, main table tbody tr, main [role=status]:not(.skeleton)";

type User = { name: "admin" | "scoped"; email: string; password: string };
let app: ChildProcess | undefined;
let rows: number | null = null;
let users: User[] = [
  { name: "admin", email: values.email!, password: values.password! },
  ...(values["scoped-email"] ? [{ name: "scoped" as const, email: values["scoped-email"], password: values["scoped-password"] ?? "" }] : []),
];
let baseUrl = values.url ?? "";
let lastDay = "";
let storeDir: string | undefined;

/** A fresh store (rows + rollups) with an admin and a viewer granted one sub account (scripts/bench/production-app.ts). */
async function prepareBenchStore(n: number): Promise<{ dataDir: string; to: string }> {
  const store = await prepareStore(n, 2, values.keep);
  users = store.users.map((u) => ({ name: u.role === "admin" ? ("admin" as const) : ("scoped" as const), email: u.email, password: u.password }));
  return { dataDir: store.dataDir, to: store.to };
}

/**
 * One load: time to content, and the slowest tRPC batch the content waited for (request sent →
 * response stream ended; Chromium reports the streamed batches as finished or failed at that point).
 */
async function load(page: Page, url: string): Promise<{ contentMs: number; serverMs: number }> {
  const started = new Map<Request, number>();
  const ended = new Map<Request, number>();
  const onRequest = (req: Request) => {
    if (req.url().includes("/api/trpc/")) started.set(req, performance.now());
  };
  const onEnd = (req: Request) => {
    if (started.has(req)) ended.set(req, performance.now() - started.get(req)!);
  };
  page.on("request", onRequest);
  page.on("requestfinished", onEnd);
  page.on("requestfailed", onEnd);
  const t0 = performance.now();
  await page.goto(url);
  await page.locator(READY).filter({ visible: true }).first().waitFor({ timeout: 60_000 });
  const contentMs = performance.now() - t0;
  const waitedFor = [...started.keys()];
  const until = Date.now() + 30_000;
  while (waitedFor.some((r) => !ended.has(r)) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  page.off("request", onRequest);
  page.off("requestfinished", onEnd);
  page.off("requestfailed", onEnd);
  const times = waitedFor.map((r) => ended.get(r) ?? 30_000);
  return { contentMs, serverMs: Math.round(times.length ? Math.max(...times) : 0) };
}

const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
const shift = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function measure() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const results: { page: string; user: string; coldServerMs: number; coldContentMs: number; warmContentMs: number }[] = [];
  try {
    let distinct = 0; // every cold load gets a range no other load used
    for (const user of users) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      const page = await context.newPage();
      await page.goto(`${baseUrl}/signin`);
      await page.getByLabel("E-mail").fill(user.email);
      await page.getByLabel("Password").fill(user.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((u) => !u.pathname.startsWith("/signin"), { timeout: 60_000 });
      for (const p of PAGES) {
        // warm-up of compiled chunks and of the server's per-process state, with its own range
        const anchor = lastDay || new Date().toISOString().slice(0, 10);
        const rangeUrl = () => {
          distinct += 1;
          return `${baseUrl}${p}?from=${shift(anchor, -29 - distinct)}&to=${shift(anchor, -distinct)}`;
        };
        await load(page, rangeUrl());
        const cold: { contentMs: number; serverMs: number }[] = [];
        const warm: number[] = [];
        for (let i = 0; i < runs; i++) {
          const url = rangeUrl();
          cold.push(await load(page, url));
          warm.push((await load(page, url)).contentMs);
        }
        const r = { page: p, user: user.name, coldServerMs: median(cold.map((c) => c.serverMs)), coldContentMs: median(cold.map((c) => c.contentMs)), warmContentMs: median(warm) };
        results.push(r);
        log(`${user.name.padEnd(7)} ${p.padEnd(17)} cold server ${String(r.coldServerMs).padStart(5)} ms  cold content ${String(r.coldContentMs).padStart(5)} ms  warm content ${String(r.warmContentMs).padStart(5)} ms`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return results;
}

try {
  if (values.rows !== undefined) {
    rows = Number(values.rows);
    if (!Number.isSafeInteger(rows) || rows < 1000) throw new Error(`--rows must be a whole number ≥ 1000, got ${values.rows}`);
    const { dataDir, to } = await prepareBenchStore(rows);
    storeDir = dataDir;
    lastDay = to;
    ({ app, baseUrl } = await startApp(dataDir, Number(values.port)));
  } else if (!baseUrl) {
    baseUrl = "http://localhost:3000";
  }
  const pages = await measure();
  if (values.json) console.log(JSON.stringify({ rows, pages }));
  else {
    console.log(`\nrows: ${rows ?? "(running app)"}; medians of ${runs} loads; cold = range not seen before`);
    console.log(`${"user".padEnd(7)} ${"page".padEnd(17)} ${"cold server".padStart(12)} ${"cold content".padStart(13)} ${"warm content".padStart(13)}`);
    for (const r of pages) console.log(`${r.user.padEnd(7)} ${r.page.padEnd(17)} ${String(r.coldServerMs).padStart(9)} ms ${String(r.coldContentMs).padStart(10)} ms ${String(r.warmContentMs).padStart(10)} ms`);
  }
} finally {
  if (app?.pid) {
    stopApp(app);
    await new Promise((r) => setTimeout(r, 3000)); // let it release the data directory
  }
  // the seeded store is a temporary directory unless --keep named one
  if (storeDir && !values.keep) fs.rmSync(storeDir, { recursive: true, force: true });
}
process.exit(0);
