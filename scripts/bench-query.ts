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
 * --json prints one line: {"rows":n,"queries":[{"name":"…","source":"rollup"|"raw","user":"admin"|"subs"|"tag","case":"<workload entry>","p50Ms":x,"p95Ms":y}],
 *   "seedSec":s,"rollupSec":r,"seedPeakRssMb":a,"rollupPeakRssMb":b,"peakRssMb":p,"diskBytesPer1MRows":d,
 *   "activePartsBytesPer1MRows":a,"factCompressedBytesPer1MRows":f,"disk":{…},"date":"…","machine":{…}}
 *   (peak RSS of this process, chDB included; disk measured after the seed's merges settled;
 *   seed and rollup figures are null for a reused store).
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
import { startPeakRss } from "./bench/peak-rss";
import { diskFootprint } from "./bench/disk-footprint";
import { mergesSettled } from "./bench/ingest-references";

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

const rss = startPeakRss();
const rssNow = () => `RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`;
const one = async (sql: string) => (await (await ch.query({ query: sql, format: "JSONEachRow" })).json<Record<string, string>>())[0]!;
const existing = Number((await one("SELECT count() AS n FROM focus_billing_data")).n);
let seeded: { to: string };
let seedSec: number | null = null;
let settleSec: number | null = null;
let rollupSec: number | null = null;
let seedPeakRssMb: number | null = null;
let rollupPeakRssMb: number | null = null;
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
  const s = await seedSyntheticFocus(ch, { rows, onProgress: (done) => log(`  seeded ${done.toLocaleString("en-US")} / ${rows.toLocaleString("en-US")} rows, ${rssNow()}`) });
  seeded = s;
  seedSec = (performance.now() - t0) / 1000;
  log(`seeded ${rows.toLocaleString("en-US")} rows (${s.from} … ${s.to}) in ${seedSec.toFixed(1)} s`);
  // The seed's background merges finish before the rollups, so rollupSec is the rebuild's own time.
  t0 = performance.now();
  await mergesSettled(ch);
  settleSec = (performance.now() - t0) / 1000;
  seedPeakRssMb = rss.phase();
  t0 = performance.now();
  const parts = await rebuildAllRollups(ch);
  rollupSec = (performance.now() - t0) / 1000;
  rollupPeakRssMb = rss.phase();
  log(`rollups rebuilt for ${parts} (source, month) partitions in ${rollupSec.toFixed(1)} s; peak RSS seed ${Math.round(seedPeakRssMb)} MiB, rollups ${Math.round(rollupPeakRssMb)} MiB`);
}
await mergesSettled(ch);
const disk = await diskFootprint(ch, dataDir, existing > 0 ? existing : rows);
log(`disk ${(disk.diskBytesPer1MRows / 1e6).toFixed(1)} MB per 1M rows (data dir ${(disk.dataDirBytes / 1e9).toFixed(2)} GB; fact table compressed ${(disk.factCompressedBytesPer1MRows / 1e6).toFixed(1)} MB/1M)`);

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

const peakRssMb = rss.peakMb();
rss.stop();
const scale = {
  seedSec: seedSec === null ? null : Number(seedSec.toFixed(1)),
  mergeSettleSec: settleSec === null ? null : Number(settleSec.toFixed(1)),
  rollupSec: rollupSec === null ? null : Number(rollupSec.toFixed(1)),
  seedPeakRssMb: seedPeakRssMb === null ? null : Math.round(seedPeakRssMb),
  rollupPeakRssMb: rollupPeakRssMb === null ? null : Math.round(rollupPeakRssMb),
  peakRssMb: Math.round(peakRssMb),
  diskBytesPer1MRows: disk.diskBytesPer1MRows,
  activePartsBytesPer1MRows: disk.activePartsBytesPer1MRows,
  factCompressedBytesPer1MRows: disk.factCompressedBytesPer1MRows,
  disk,
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30), loadAvg1: Number(os.loadavg()[0]!.toFixed(1)) },
};
if (values.json) {
  process.stdout.write(`${JSON.stringify({ rows, queries, ...scale })}\n`);
} else {
  console.log(`\n${"query".padEnd(40)} ${"source".padEnd(7)} ${"user".padEnd(6)} ${"p50 ms".padStart(9)} ${"p95 ms".padStart(9)}`);
  for (const q of queries) console.log(`${`${q.name} (${q.case})`.padEnd(40)} ${q.source.padEnd(7)} ${q.user.padEnd(6)} ${q.p50Ms.toFixed(1).padStart(9)} ${q.p95Ms.toFixed(1).padStart(9)}`);
  console.log(`\nseed ${scale.seedSec ?? "–"} s, rollups ${scale.rollupSec ?? "–"} s, peak RSS ${scale.peakRssMb} MiB (seed ${scale.seedPeakRssMb ?? "–"}, rollups ${scale.rollupPeakRssMb ?? "–"}), disk ${(disk.diskBytesPer1MRows / 1e6).toFixed(1)} MB per 1M rows`);
}
await ch.close();
if (!values["data-dir"]) fs.rmSync(dataDir, { recursive: true, force: true });
