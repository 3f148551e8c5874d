/**
 * Per-statement timings of one ingestFiles run (embedded chDB): wraps the client so every
 * command/query/insert is timed, then prints the slowest statements.
 * npx tsx scripts/bench/profile-ingest.ts --rows 200000 [--top 15]
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import type { ClickHouseClient } from "@clickhouse/client";
import { ingestFiles } from "../../src/domain/ingest";
import { benchDataset } from "./ea-dataset";
import { withEmbeddedStore } from "./embedded-store";

const { values } = parseArgs({ options: { rows: { type: "string", default: "200000" }, seed: { type: "string", default: "42" }, top: { type: "string", default: "15" }, order: { type: "boolean", default: false } } });

function resetHwm() {
  try {
    fs.writeFileSync("/proc/self/clear_refs", "5");
  } catch {
    // not allowed here: peaks then include earlier statements
  }
}
const hwmMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0) / 1024;

type Timed = { sec: number; cpu: number; peakMb: number; what: string };

function timedClient(ch: ClickHouseClient, out: Timed[]): ClickHouseClient {
  const wrap = (name: "command" | "query" | "insert" | "exec") => {
    const orig = (ch[name] as (...a: unknown[]) => Promise<unknown>).bind(ch);
    return async (arg: { query?: string; table?: string }) => {
      const t0 = process.hrtime.bigint();
      const c0 = process.cpuUsage();
      resetHwm();
      const r = await orig(arg);
      const peakMb = hwmMb();
      const c = process.cpuUsage(c0);
      const what = (arg.query ?? `INSERT ${arg.table}`).replace(/\s+/g, " ").slice(0, 140);
      out.push({ sec: Number(process.hrtime.bigint() - t0) / 1e9, cpu: (c.user + c.system) / 1e6, peakMb, what });
      return r;
    };
  };
  return new Proxy(ch, {
    get(target, prop, recv) {
      if (prop === "command" || prop === "query" || prop === "insert" || prop === "exec") return wrap(prop);
      return Reflect.get(target, prop, recv);
    },
  });
}

async function main() {
  const ds = await benchDataset({ rows: Number(values.rows), seed: Number(values.seed), log: (m) => process.stderr.write(`${m}\n`) });
  await withEmbeddedStore("abi-prof", async (ch) => {
    const log: Timed[] = [];
    const t0 = Date.now();
    const r = await ingestFiles(timedClient(ch, log), { sourceId: "prof", files: ds.files.map((f) => f.path) });
    const total = (Date.now() - t0) / 1000;
    console.log(JSON.stringify(await (await ch.query({ query: "SELECT count() AS parts, sum(rows) AS rows FROM system.parts WHERE table = 'focus_billing_data' AND active", format: "JSONEachRow" })).json()));
    console.log(`${r.rows.in} rows in ${total.toFixed(2)} s = ${Math.round(r.rows.in / total)} rows/s; steps ${JSON.stringify(r.timings)}`);
    const sum = log.reduce((s, x) => s + x.sec, 0);
    const cpu = log.reduce((s, x) => s + x.cpu, 0);
    console.log(`${log.length} statements, ${sum.toFixed(2)} s wall / ${cpu.toFixed(2)} s CPU in the engine (wall | CPU | peak RSS per statement)`);
    for (const x of (values.order ? log : [...log].sort((a, b) => b.cpu - a.cpu)).slice(0, Number(values.top))) console.log(`${x.sec.toFixed(3).padStart(7)} ${x.cpu.toFixed(3).padStart(7)} ${x.peakMb.toFixed(0).padStart(6)} MiB  ${x.what}`);
    if (process.env.QLOG) {
      await ch.command({ query: "SYSTEM FLUSH LOGS" }).catch(() => undefined);
      const rs = await ch.query({ query: "SELECT formatReadableSize(memory_usage) AS mem, formatReadableSize(peak_threads_usage) AS th, substring(query, 1, 70) AS q FROM system.query_log WHERE type = 'QueryFinish' ORDER BY memory_usage DESC LIMIT 5", format: "JSONEachRow" }).catch((e) => { console.log(String(e)); return undefined; });
      if (rs) console.log(await rs.json());
    }
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
