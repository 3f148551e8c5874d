/**
 * Dashboard query benchmark: seeds N synthetic FOCUS rows (13 months, realistic cardinalities:
 * services, sub accounts, resource groups, resources, tags, commitments, two currencies) into a
 * fresh embedded ClickHouse, builds the rollups, then runs every dashboard query on the rollups
 * (where the query can use one) and on the raw fact table, with the result cache off, one
 * statement at a time (each timing is that statement's own execution).
 *
 *   npm run bench:query -- --rows 10000000 [--iterations 15] [--json] [--data-dir DIR]
 *
 * --json prints exactly {"rows":n,"queries":[{"name":"…","source":"rollup"|"raw","p50Ms":x,"p95Ms":y}]}.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createClickHouse } from "../src/domain/runtime/clickhouse";
import { parseEnv } from "../src/domain/runtime/env";
import { migrateClickHouse } from "../src/domain/runtime/clickhouse-migrations";
import { rebuildAllRollups } from "../src/domain/analytics/rollups";
import { onAnalyticsQuery, type AnalyticsContext } from "../src/domain/analytics/run";
import { UNRESTRICTED_SCOPE } from "../src/domain/analytics/scope";
import { dashboardWorkload } from "./bench/dashboard-workload";
import { seedSyntheticFocus } from "./bench/synthetic-focus";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    iterations: { type: "string", default: "15" },
    json: { type: "boolean", default: false },
    "data-dir": { type: "string" },
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
const log = (msg: string) => {
  if (!values.json) console.log(msg);
  else console.error(msg);
};

const dataDir = values["data-dir"] ?? fs.mkdtempSync(path.join(os.tmpdir(), "abi-bench-"));
const env = parseEnv({ ...process.env, ABI_DATA_DIR: dataDir, CLICKHOUSE_URL: "" });
const ch = createClickHouse(env);
await migrateClickHouse(ch, path.resolve("clickhouse/migrations"));

let t0 = performance.now();
const seeded = await seedSyntheticFocus(ch, { rows, onProgress: (done) => log(`  seeded ${done.toLocaleString("en-US")} / ${rows.toLocaleString("en-US")} rows`) });
log(`seeded ${rows.toLocaleString("en-US")} rows (${seeded.from} … ${seeded.to}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
t0 = performance.now();
const parts = await rebuildAllRollups(ch);
log(`rollups rebuilt for ${parts} (source, month) partitions in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const samples = new Map<string, { name: string; source: "rollup" | "raw"; ms: number[] }>();
let recording = false;
onAnalyticsQuery((q) => {
  if (!recording || q.cached) return;
  const k = `${q.name}|${q.source}`;
  const s = samples.get(k) ?? { name: q.name, source: q.source, ms: [] };
  s.ms.push(q.ms);
  samples.set(k, s);
});

for (const mode of ["auto", "raw"] as const) {
  const ctx: AnalyticsContext = { ch, scope: UNRESTRICTED_SCOPE, source: mode, cache: false, serial: { tail: Promise.resolve() } };
  const work = dashboardWorkload(seeded.to);
  recording = false;
  for (const w of work) await w.run(ctx); // warm-up
  recording = true;
  for (let i = 0; i < iterations; i++) for (const w of work) await w.run(ctx);
  recording = false;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
};
const queries = [...samples.values()]
  .sort((a, b) => a.name.localeCompare(b.name) || a.source.localeCompare(b.source))
  .map((s) => ({ name: s.name, source: s.source, p50Ms: Number(pct(s.ms, 50).toFixed(1)), p95Ms: Number(pct(s.ms, 95).toFixed(1)) }));

if (values.json) {
  process.stdout.write(`${JSON.stringify({ rows, queries })}\n`);
} else {
  console.log(`\n${"query".padEnd(40)} ${"source".padEnd(7)} ${"p50 ms".padStart(9)} ${"p95 ms".padStart(9)}`);
  for (const q of queries) console.log(`${q.name.padEnd(40)} ${q.source.padEnd(7)} ${q.p50Ms.toFixed(1).padStart(9)} ${q.p95Ms.toFixed(1).padStart(9)}`);
}
await ch.close();
if (!values["data-dir"]) fs.rmSync(dataDir, { recursive: true, force: true });
