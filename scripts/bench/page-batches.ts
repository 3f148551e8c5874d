/**
 * What each dashboard page's cold tRPC batch costs, in numbers that do not depend on machine
 * load: for every page, the procedures its first render asks for are called together (as one
 * httpBatchLink batch is) through the real router, signed in as an admin and as a user scoped to
 * one sub account, with a fresh date range (no result-cache hit). Every ClickHouse statement is
 * counted (bookkeeping included: data version, rollup freshness), with the rows it
 * plans to read (EXPLAIN ESTIMATE, after the primary key and partition pruning) and its "wave":
 * 1 + the deepest wave that had finished before it started, so the deepest wave is how many
 * statements ran one after the other.
 *
 *   npx tsx --conditions=react-server scripts/bench/page-batches.ts --data-dir DIR [--repeat 3] [--json]
 * (react-server: the routers import server-only). With --repeat, each page is loaded that many
 * times (a new range each time) and the batch and CPU times are medians; counts are the first load's.
 * DIR is a store made by `npm run bench:pages -- --rows N --keep DIR` (its users load-0, load-1).
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { "data-dir": { type: "string" }, json: { type: "boolean", default: false }, repeat: { type: "string", default: "1" } } });
const repeat = Number(values.repeat);
if (!Number.isSafeInteger(repeat) || repeat < 1) throw new Error(`--repeat must be a whole number ≥ 1, got ${values.repeat}`);
if (!values["data-dir"]) throw new Error("--data-dir is required");
process.env.ABI_DATA_DIR = values["data-dir"];
for (const v of ["CLICKHOUSE_URL", "DATABASE_URL", "REDIS_URL"]) delete process.env[v];

const { openRuntime } = await import("../../src/domain/runtime");
const { appRouter } = await import("../../src/server/api/root");
const { createCallerFactory } = await import("../../src/server/api/trpc");
const { users } = await import("../../src/domain/db/schema");
const { addDays } = await import("../../src/domain/analytics/filters");

const rt = await openRuntime({ migrate: false });
type Stmt = { sql: string; params: Record<string, unknown>; start: number; end: number; wave: number };
let log: Stmt[] = [];
const realQuery = rt.ch.query.bind(rt.ch);
// count every statement the procedures run (the wrapped client is the runtime's own)
(rt.ch as { query: typeof rt.ch.query }).query = (async (args: Parameters<typeof rt.ch.query>[0]) => {
  const s: Stmt = { sql: args.query, params: (args.query_params ?? {}) as Record<string, unknown>, start: performance.now(), end: Infinity, wave: 0 };
  s.wave = 1 + Math.max(0, ...log.filter((o) => o.end <= s.start).map((o) => o.wave));
  log.push(s);
  try {
    return await realQuery(args);
  } finally {
    s.end = performance.now();
  }
}) as typeof rt.ch.query;

async function estimate(s: Stmt): Promise<{ rows: number; aloneMs: number }> {
  const t0 = performance.now();
  await (await realQuery({ query: s.sql, query_params: s.params, format: "JSONEachRow" })).json();
  const aloneMs = performance.now() - t0;
  if (!/^\s*SELECT/i.test(s.sql) || /system\./.test(s.sql)) return { rows: 0, aloneMs };
  try {
    const rs = await realQuery({ query: `EXPLAIN ESTIMATE ${s.sql}`, query_params: s.params, format: "JSONEachRow" });
    const parts = await rs.json<{ rows: string; marks: string }>();
    return { rows: parts.reduce((a, p) => a + Number(p.rows), 0), aloneMs };
  } catch {
    return { rows: -1, aloneMs };
  }
}

const all = await rt.db.select().from(users);
const admin = all.find((u) => u.email === "load-0@bench.local")!;
const scoped = all.find((u) => u.email === "load-1@bench.local")!;
const last = (await (await realQuery({ query: "SELECT toString(toDate(max(ChargePeriodStart))) AS d FROM focus_billing_data", format: "JSONEachRow" })).json<{ d: string }>())[0]!.d;
const factory = createCallerFactory(appRouter);
const callerFor = (u: typeof admin) =>
  factory({ rt, db: rt.db, ch: rt.ch, headers: new Headers({ origin: "http://localhost" }), session: { expires: "2999-01-01", user: { id: u.id, email: u.email, name: "", role: u.role } } });

type Caller = ReturnType<typeof callerFor>;
type Range = { from: string; to: string };
// the procedures each page's first render asks for (its cold batch; the data-days value comes with the HTML)
const PAGES: [string, (c: Caller, r: Range) => Promise<unknown>[]][] = [
  ["/", (c) => [c.overview.get()]],
  ["/costs", (c, r) => [c.costs.options(r), c.costs.explore({ ...r, filters: [], groupBy: "ServiceName" })]],
  ["/breakdown", (c, r) => [c.costs.options(r), c.breakdown.level({ ...r, filters: [] })]],
  ["/heatmap", (c, r) => [c.costs.options(r), c.breakdown.heatmap({ ...r, filters: [], rows: "resource", measure: "cost", limit: 40 })]],
  ["/commitments", (c, r) => [c.costs.options(r), c.commitments.summary({ ...r, filters: [] }), c.commitments.contracts()]],
  ["/budgets", (c, r) => [c.budgets.list(), c.costs.options({ from: addDays(r.to, -89), to: r.to })]],
  ["/anomalies", (c, r) => [c.costs.options(r), c.anomalies.list({ ...r, filters: [] })]],
  ["/recommendations", (c, r) => [c.costs.options(r), c.recommendations.list({ ...r, filters: [] })]],
];

const out: { page: string; user: string; statements: number; serial: number; readRows: number; ms: number; statementsAloneMs: number; cpuMs: number }[] = [];
let shift = 0;
for (const [user, u] of [["admin", admin], ["scoped", scoped]] as const) {
  const caller = callerFor(u);
  for (const [page, calls] of PAGES) {
    const times: { ms: number; cpu: number }[] = [];
    let stmts: Stmt[] = [];
    for (let rep = 0; rep < repeat; rep++) {
      shift += 1;
      const range = { from: addDays(last, -29 - shift), to: addDays(last, -shift) };
      await new Promise((r) => setTimeout(r, 1100)); // past the 1 s memo of data version / freshness: a cold request
      log = [];
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await Promise.all(calls(caller, range));
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      times.push({ ms, cpu: (cpu.user + cpu.system) / 1000 });
      if (rep === 0) stmts = log;
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ms = median(times.map((t) => t.ms));
    const cpuMs = median(times.map((t) => t.cpu));
    let readRows = 0;
    const perStmt: number[] = [];
    const aloneMs: number[] = [];
    for (const s of stmts) {
      const e = await estimate(s);
      perStmt.push(Math.max(0, e.rows));
      aloneMs.push(e.aloneMs);
      readRows += Math.max(0, e.rows);
    }
    const r = { page, user, statements: stmts.length, serial: Math.max(0, ...stmts.map((s) => s.wave)), readRows, ms: Math.round(ms), statementsAloneMs: Math.round(aloneMs.reduce((a, b) => a + b, 0)), cpuMs: Math.round(cpuMs) };
    out.push(r);
    if (!values.json) {
      console.log(`${user.padEnd(7)} ${page.padEnd(17)} statements ${String(r.statements).padStart(3)}  serial ${String(r.serial).padStart(2)}  read_rows ${String(r.readRows).padStart(10)}  batch ${String(r.ms).padStart(5)} ms  statements alone ${String(r.statementsAloneMs).padStart(5)} ms  process cpu (with chDB) ${r.cpuMs} ms`);
      if (process.env.SHOW_SQL) for (const [i, s] of stmts.entries()) console.log(`    w${s.wave} ${String(perStmt[i]).padStart(8)} rows ${aloneMs[i]!.toFixed(0).padStart(4)} ms ${s.sql.replace(/\s+/g, " ").slice(0, 150)}`);
    }
  }
}
if (values.json) console.log(JSON.stringify(out));
await rt.close();
process.exit(0);
