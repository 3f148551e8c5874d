/**
 * Dashboard query benchmark: seeds N synthetic FOCUS rows (13 months, realistic cardinalities:
 * services, sub accounts, resource groups, resources, tags, commitments, two currencies) into a
 * fresh embedded ClickHouse, builds the rollups, then runs every dashboard query on the rollups
 * (where the query can use one) and on the raw fact table, with the result cache off, one
 * statement at a time (each timing is that statement's own execution).
 * Scopes add a predicate to every query, so the workload also runs (rollups only, what users get)
 * as a user scoped to three sub accounts and as a user scoped by a tag value.
 *
 *   npm run bench:query -- --rows 10000000 [--iterations 15] [--json] [--data-dir DIR] [--users admin,subs,tag]
 *
 * --json prints exactly {"rows":n,"queries":[{"name":"…","source":"rollup"|"raw","user":"admin"|"subs"|"tag","case":"<workload entry>","p50Ms":x,"p95Ms":y}]}.
 * A --data-dir that already holds rows is reused as it is (no seeding, no rollup rebuild), so
 * before/after runs can time the same store.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createClickHouse } from "../src/domain/runtime/clickhouse";
import { parseEnv } from "../src/domain/runtime/env";
import { migrateClickHouse } from "../src/domain/runtime/clickhouse-migrations";
import { rebuildAllRollups, refreshRollups } from "../src/domain/analytics/rollups";
import { rollupFreshness } from "../src/domain/analytics/freshness";
import { onAnalyticsQuery, type AnalyticsContext } from "../src/domain/analytics/run";
import { UNRESTRICTED_SCOPE, type AnalyticsScope } from "../src/domain/analytics/scope";
import { dashboardWorkload } from "./bench/dashboard-workload";
import { seedSyntheticFocus } from "./bench/synthetic-focus";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    iterations: { type: "string", default: "15" },
    json: { type: "boolean", default: false },
    "data-dir": { type: "string" },
    users: { type: "string", default: "admin,subs,tag" },
  },
});
const rows = Number(values.rows);
const iterations = Number(values.iterations);
if (!Number.isSafeInteger(rows) || rows < 1000) {
  console.error(`--rows must be a whole number ≥ 1000, got ${values.rows}`);
  process.exit(2);
}
if (!Number.isSafeInteger(iterations) || iterations < 1) {
  console.error(`--iterations must be a whole number ≥ 1, got ${values.iterations}`);
  process.exit(2);
}
/** admin: no scope (rollup and raw passes); subs / tag: scoped users (rollup pass only). */
const USERS: Record<string, AnalyticsScope> = {
  admin: UNRESTRICTED_SCOPE,
  subs: { userId: "bench-subs", role: "viewer", rows: ["sub-1", "sub-2", "sub-3"].map((value) => ({ kind: "sub_account" as const, value })) },
  tag: { userId: "bench-tag", role: "viewer", rows: [{ kind: "tag", key: "team", value: "team-3" }] },
};
const users = values.users.split(",").map((u) => u.trim()).filter(Boolean);
for (const u of users) {
  if (!(u in USERS)) {
    console.error(`--users takes a comma-separated list of ${Object.keys(USERS).join(", ")}; got ${JSON.stringify(u)}`);
    process.exit(2);
  }
}
const log = (msg: string) => {
  if (!values.json) console.log(msg);
  else console.error(msg);
};

const dataDir = values["data-dir"] ?? fs.mkdtempSync(path.join(os.tmpdir(), "abi-bench-"));
const env = parseEnv({ ...process.env, ABI_DATA_DIR: dataDir, CLICKHOUSE_URL: "" });
const ch = createClickHouse(env);
await migrateClickHouse(ch, path.resolve("clickhouse/migrations"));

const one = async (sql: string) => (await (await ch.query({ query: sql, format: "JSONEachRow" })).json<Record<string, string>>())[0]!;
const existing = Number((await one("SELECT count() AS n FROM focus_billing_data")).n);
let seeded: { to: string };
if (existing > 0) {
  seeded = { to: (await one("SELECT toString(toDate(max(ChargePeriodStart))) AS d FROM focus_billing_data")).d! };
  log(`reusing ${existing.toLocaleString("en-US")} rows in ${dataDir} (last day ${seeded.to})`);
  // a migration that changed a rollup marks its partitions stale: rebuild before timing
  const stale = (await rollupFreshness(ch)).stale;
  if (stale.length > 0) {
    const t0 = performance.now();
    for (const p of stale) await refreshRollups(ch, p);
    log(`rebuilt ${stale.length} stale rollup partitions in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
} else {
  let t0 = performance.now();
  const s = await seedSyntheticFocus(ch, { rows, onProgress: (done) => log(`  seeded ${done.toLocaleString("en-US")} / ${rows.toLocaleString("en-US")} rows`) });
  seeded = s;
  log(`seeded ${rows.toLocaleString("en-US")} rows (${s.from} … ${s.to}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  t0 = performance.now();
  const parts = await rebuildAllRollups(ch);
  log(`rollups rebuilt for ${parts} (source, month) partitions in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const samples = new Map<string, { name: string; source: "rollup" | "raw"; user: string; case: string; ms: number[] }>();
let recording = false;
let user = "admin";
let kase = "";
onAnalyticsQuery((q) => {
  if (!recording || q.cached) return;
  const k = `${q.name}|${q.source}|${user}|${kase}`;
  const s = samples.get(k) ?? { name: q.name, source: q.source, user, case: kase, ms: [] };
  s.ms.push(q.ms);
  samples.set(k, s);
});

const passes = users.flatMap((u) => (u === "admin" ? [{ u, mode: "auto" as const }, { u, mode: "raw" as const }] : [{ u, mode: "auto" as const }]));
for (const { u, mode } of passes) {
  user = u;
  const ctx: AnalyticsContext = { ch, scope: USERS[u]!, source: mode, cache: false, serial: { tail: Promise.resolve() } };
  const work = dashboardWorkload(seeded.to);
  recording = false;
  for (const w of work) await w.run(ctx); // warm-up
  recording = true;
  for (let i = 0; i < iterations; i++) {
    for (const w of work) {
      kase = w.name;
      await w.run(ctx);
    }
  }
  recording = false;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
};
const queries = [...samples.values()]
  .sort((a, b) => users.indexOf(a.user) - users.indexOf(b.user) || a.name.localeCompare(b.name) || a.source.localeCompare(b.source) || a.case.localeCompare(b.case))
  .map((s) => ({ name: s.name, source: s.source, user: s.user, case: s.case, p50Ms: Number(pct(s.ms, 50).toFixed(1)), p95Ms: Number(pct(s.ms, 95).toFixed(1)) }));

if (values.json) {
  process.stdout.write(`${JSON.stringify({ rows, queries })}\n`);
} else {
  console.log(`\n${"query".padEnd(40)} ${"source".padEnd(7)} ${"user".padEnd(6)} ${"p50 ms".padStart(9)} ${"p95 ms".padStart(9)}`);
  for (const q of queries) console.log(`${`${q.name} (${q.case})`.padEnd(40)} ${q.source.padEnd(7)} ${q.user.padEnd(6)} ${q.p50Ms.toFixed(1).padStart(9)} ${q.p95Ms.toFixed(1).padStart(9)}`);
}
await ch.close();
if (!values["data-dir"]) fs.rmSync(dataDir, { recursive: true, force: true });
