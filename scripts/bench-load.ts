/**
 * Concurrency benchmark (issue 15, item 5): N signed-in users each load a dashboard page's tRPC
 * batch every --think seconds with varied filters, group-bys and date ranges, against the
 * production app on a seeded store; then the same users with no think time (the most loads a
 * second the app sustains). Optionally an ingest runs beside the paced phase.
 *
 *   npm run bench:load -- [--rows 1000000] [--users 50] [--think 10] [--duration 60]
 *       [--saturate 30] [--port 3650] [--ingest-rows 1000000] [--json]
 *
 * A "load" is the one batched GET /api/trpc/... a page makes for its data (explorer:
 * costs.explore + costs.options; breakdown: breakdown.level; overview: overview.get), as
 * httpBatchLink sends it; latency = request sent → whole body read. Errors = non-200 or any
 * procedure error in the batch. Users sign in over HTTP (next-auth credentials, one session
 * each); even users are admins, odd ones viewers scoped to one sub account (the scope predicate
 * is measured too). The bench's own app runs with the per-address API rate limit raised, since
 * every user comes from 127.0.0.1.
 *
 * --ingest-rows M: `bench:ingest --rows M` runs once before the load (quiet rate) and once during
 * the paced phase (rate under load), in its own process and store: the embedded store is held by
 * the app, so the ingest competes for the machine, not for the app's tables.
 *
 * Never fails on timing; not part of the test command.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { prepareStore, startApp, stopApp, type BenchUser } from "./bench/production-app";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    users: { type: "string", default: "50" },
    think: { type: "string", default: "10" },
    duration: { type: "string", default: "60" },
    saturate: { type: "string", default: "30" },
    port: { type: "string", default: "3650" },
    "ingest-rows": { type: "string" },
    json: { type: "boolean", default: false },
  },
});
const log = (msg: string) => process.stderr.write(`${msg}\n`);
const num = (name: string, v: string | undefined, min: number) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}, got ${v}`);
  return n;
};
const rows = num("rows", values.rows, 1000);
const userCount = num("users", values.users, 1);
const think = num("think", values.think, 0);
const duration = num("duration", values.duration, 1);
const saturate = num("saturate", values.saturate, 0);
const port = num("port", values.port, 1);
const ingestRows = values["ingest-rows"] === undefined ? undefined : num("ingest-rows", values["ingest-rows"], 1000);

const shift = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

/** Signs in with the credentials provider; returns the Cookie header of the session. */
async function signIn(baseUrl: string, u: BenchUser): Promise<string> {
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const jar = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]);
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email: u.email, password: u.password, json: "true", callbackUrl: baseUrl }),
  });
  const session = res.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.includes("session-token="));
  if (!session) throw new Error(`sign-in of ${u.email} gave no session (HTTP ${res.status})`);
  return session;
}

type Call = [procedure: string, input: unknown];
/** One page's data batch with a random range (7–120 days inside the seeded 13 months) and slice. */
function randomLoad(to: string): { page: string; calls: Call[] } {
  const end = shift(to, -Math.floor(Math.random() * 300));
  const range = { from: shift(end, -(7 + Math.floor(Math.random() * 113))), to: end };
  const filters = Math.random() < 0.5 ? [] : [pick([{ dim: "RegionName", op: "in", values: [pick(["westeurope", "eastus", "northeurope", "westus2"])] }, { dim: "tag:env", op: "in", values: [pick(["prod", "dev"])] }, { dim: "SubAccountId", op: "not_in", values: [`sub-${Math.floor(Math.random() * 30)}`] }])];
  const page = pick(["explorer", "explorer", "breakdown", "overview"]);
  if (page === "explorer") {
    const groupBy = pick([undefined, "ServiceName", "SubAccountId", "RegionName", "x_ResourceGroupName", "tag:team"]);
    return { page, calls: [["costs.explore", { ...range, filters, granularity: pick(["day", "month"]), ...(groupBy ? { groupBy } : {}) }], ["costs.options", range]] };
  }
  if (page === "breakdown") return { page, calls: [["breakdown.level", { ...range, filters, hierarchy: pick(["service", "account"]), path: [] }]] };
  return { page, calls: [["overview.get", undefined]] };
}

/** `endedAt`: performance.now() when the answer was read (throughput counts loads done inside the window). */
type Sample = { page: string; ms: number; endedAt?: number; error?: string };
async function loadOnce(baseUrl: string, cookie: string, to: string): Promise<Sample> {
  const { page, calls } = randomLoad(to);
  const input = Object.fromEntries(calls.map(([, i], n) => [String(n), i === undefined ? {} : { json: i }]));
  const url = `${baseUrl}/api/trpc/${calls.map(([p]) => p).join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`;
  const t0 = performance.now();
  try {
    const res = await fetch(url, { headers: { cookie } });
    const body = await res.text();
    const ms = performance.now() - t0;
    if (res.status !== 200) return { page, ms, error: `HTTP ${res.status}: ${body.slice(0, 160)}` };
    const parts = JSON.parse(body) as { error?: { json?: { message?: string } } }[];
    const failed = parts.find((p) => p.error);
    return failed ? { page, ms, error: failed.error?.json?.message ?? "procedure error" } : { page, ms };
  } catch (e) {
    return { page, ms: performance.now() - t0, error: (e as Error).message };
  }
}

const pct = (sorted: number[], p: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!) : null);
function summarise(samples: Sample[], seconds: number, endAt: number) {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const errors = samples.filter((s) => s.error);
  const byPage = Object.fromEntries(
    [...new Set(samples.map((s) => s.page))].sort().map((p) => {
      const xs = samples.filter((s) => s.page === p).map((s) => s.ms).sort((a, b) => a - b);
      return [p, { loads: xs.length, p50Ms: pct(xs, 50), p95Ms: pct(xs, 95) }];
    }),
  );
  return { loads: samples.length, errors: errors.length, errorSamples: [...new Set(errors.map((e) => e.error))].slice(0, 3), loadsPerSec: Math.round((samples.filter((s) => s.endedAt! <= endAt).length / seconds) * 100) / 100, p50Ms: pct(ms, 50), p95Ms: pct(ms, 95), maxMs: ms.length ? Math.round(ms[ms.length - 1]!) : null, byPage };
}

/** Every user loads at its own fixed schedule (random phase), one load every `think` s (or back to back when 0). */
async function phase(baseUrl: string, sessions: string[], to: string, seconds: number, thinkS: number) {
  const samples: Sample[] = [];
  const endAt = performance.now() + seconds * 1000;
  await Promise.all(
    sessions.map(async (cookie) => {
      let next = performance.now() + Math.random() * thinkS * 1000;
      while (true) {
        const wait = next - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (performance.now() >= endAt) return;
        const sample = await loadOnce(baseUrl, cookie, to);
        samples.push({ ...sample, endedAt: performance.now() });
        next = thinkS > 0 ? next + thinkS * 1000 : performance.now();
      }
    }),
  );
  return summarise(samples, seconds, endAt);
}

function benchIngest(n: number): Promise<{ rowsPerSec: number; ratio: number; rawLoadRowsPerSec: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn("node_modules/.bin/tsx", ["scripts/bench-ingest.ts", "--rows", String(n), "--json"], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code !== 0) return reject(new Error(`bench:ingest exited with ${code}`));
      resolve(JSON.parse(line));
    });
  });
}

let app: ReturnType<typeof spawn> | undefined;
let dataDir: string | undefined;
try {
  const quiet = ingestRows ? await benchIngest(ingestRows) : undefined;
  if (quiet) log(`ingest alone: ${Math.round(quiet.rowsPerSec).toLocaleString("en-US")} rows/s`);
  const store = await prepareStore(rows, userCount);
  dataDir = store.dataDir;
  const started = await startApp(store.dataDir, port, { ABI_RATE_API_IP_PER_MINUTE: "1000000", ABI_RATE_API_USER_PER_MINUTE: "1000000" });
  app = started.app;
  const sessions: string[] = [];
  for (const u of store.users) sessions.push(await signIn(started.baseUrl, u));
  log(`${sessions.length} users signed in; warming up…`);
  await phase(started.baseUrl, sessions.slice(0, 4), store.to, 5, 0);
  log(`paced: ${userCount} users, one load every ${think} s each, ${duration} s${ingestRows ? `, ingest of ${ingestRows} rows beside it` : ""}`);
  const ingestDuring = ingestRows ? benchIngest(ingestRows) : undefined;
  const paced = await phase(started.baseUrl, sessions, store.to, duration, think);
  const underLoad = ingestDuring ? await ingestDuring : undefined;
  log(`paced: ${JSON.stringify(paced)}`);
  const saturated = saturate > 0 ? await phase(started.baseUrl, sessions, store.to, saturate, 0) : null;
  if (saturated) log(`no think time: ${JSON.stringify(saturated)}`);
  const result = {
    bench: "load",
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30), loadAvg1: Math.round(os.loadavg()[0]! * 10) / 10 },
    rows,
    users: userCount,
    thinkSeconds: think,
    durationSeconds: duration,
    saturateSeconds: saturate,
    cache: "result cache on; every load a random range/slice, so few hits",
    paced,
    saturated,
    ingest: ingestRows ? { rows: ingestRows, quietRowsPerSec: Math.round(quiet!.rowsPerSec), underLoadRowsPerSec: Math.round(underLoad!.rowsPerSec) } : null,
  };
  if (values.json) console.log(JSON.stringify(result));
  else {
    const line = (name: string, s: ReturnType<typeof summarise>) => console.log(`${name.padEnd(14)} loads ${s.loads}  ${s.loadsPerSec}/s  p50 ${s.p50Ms} ms  p95 ${s.p95Ms} ms  max ${s.maxMs} ms  errors ${s.errors}`);
    console.log(`\n${rows.toLocaleString("en-US")} rows, ${userCount} users`);
    line(`think ${think} s`, paced);
    if (saturated) line("no think time", saturated);
    if (result.ingest) console.log(`ingest ${result.ingest.rows} rows: ${result.ingest.quietRowsPerSec} rows/s alone, ${result.ingest.underLoadRowsPerSec} rows/s under load`);
  }
} finally {
  stopApp(app);
  if (app) await new Promise((r) => setTimeout(r, 3000)); // let it release the data directory
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
