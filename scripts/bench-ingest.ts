/**
 * Ingest benchmark (embedded chDB): rows/s from generated EA export files to validated FOCUS rows,
 * against two physical references measured on the same files in the same process:
 *   raw parse: every column of the CSV read by file() and thrown away (SELECT * … FORMAT Null);
 *   raw load:  the CSV copied as-is into a MergeTree table of Strings (parse + write).
 * npm run bench:ingest -- --rows 1000000 [--seed 42] [--months N] [--repeat K] [--json] [--keep]
 * With --repeat K every measurement runs K times in the same process and the medians are reported
 * (this machine is shared; the ratio of rates measured back to back is the steadier number).
 * The headline (rowsPerSec, ratio) counts everything a user waits for before the dashboards show the
 * month: ingestFiles as a whole, the rebuild of the swapped months' rollups included.
 * --json prints exactly one line:
 *   {"rows":n,"rowsPerSec":x,"rawParseRowsPerSec":y,"rawLoadRowsPerSec":z,"ratio":x/z,"peakRssMb":m,
 *    "rollupSec":r,"rowsPerSecWithoutRollups":x0,"ratioWithoutRollups":x0/z}
 * Never fails on timing; exits non-zero only when something breaks.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { ClickHouseClient } from "@clickhouse/client";
import { createClickHouse } from "../src/domain/runtime/clickhouse";
import { parseEnv } from "../src/domain/runtime/env";
import { migrateClickHouse } from "../src/domain/runtime/clickhouse-migrations";
import { ensureOpenData } from "../src/domain/focus/open-data";
import { ingestFiles, type IngestReport } from "../src/domain/ingest";
import { probeFile } from "../src/domain/ingest/file-probe";
import { CSV_READ_SETTINGS, STREAM_INSERT_SETTINGS } from "../src/domain/ingest/stage";
import { benchDataset } from "./bench/ea-dataset";
import { startPeakRss } from "./bench/peak-rss";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    seed: { type: "string", default: "42" },
    months: { type: "string" },
    json: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    repeat: { type: "string", default: "1" },
    "data-root": { type: "string" },
  },
});

const log = (msg: string) => {
  if (!values.json) process.stderr.write(`${msg}\n`);
};

function wholeNumber(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1) {
    console.error(`--${name} must be a positive whole number, got "${v}"`);
    process.exit(2);
  }
  return Number(v);
}

// The references read and write with exactly the settings the ingest's staging uses.
const CSV = `SETTINGS ${CSV_READ_SETTINGS}, ${STREAM_INSERT_SETTINGS}`;

async function seconds(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

async function rawParse(ch: ClickHouseClient, file: string, structure: string) {
  await ch.command({
    query: `SELECT * FROM file({path:String}, 'CSVWithNames', {structure:String}) ${CSV} FORMAT Null`,
    query_params: { path: file, structure },
  });
}

async function rawLoad(ch: ClickHouseClient, table: string, file: string, columns: string[]) {
  const structure = columns.map((c) => `${c} String`).join(", ");
  await ch.command({ query: `CREATE TABLE ${table} (${structure}) ENGINE = MergeTree ORDER BY tuple()` });
  await ch.command({
    query: `INSERT INTO ${table} SELECT * FROM file({path:String}, 'CSVWithNames', {structure:String}) ${CSV}`,
    query_params: { path: file, structure },
  });
}

/**
 * Waits until no background merge runs. Every measured statement starts on an idle engine: the parts
 * an ingest or a raw load leaves behind are merged afterwards, and those merges must not slow the
 * next measurement (nor be counted in it).
 */
async function mergesSettled(ch: ClickHouseClient) {
  for (;;) {
    const rs = await ch.query({ query: "SELECT count() AS n FROM system.merges", format: "JSONEachRow" });
    if (Number((await rs.json<{ n: string }>())[0]?.n ?? 0) === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function warmPageCache(file: string) {
  for await (const _ of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    // read and drop
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

async function main() {
  const rows = wholeNumber("rows", values.rows) ?? 1_000_000;
  const seed = wholeNumber("seed", values.seed) ?? 42;
  const months = wholeNumber("months", values.months);
  const ds = await benchDataset({ rows, seed, months, log });
  const files = ds.files.map((f) => f.path);
  log(`${files.length} files, ${fmt(ds.rows)} rows, ${(ds.bytes / 1e6).toFixed(0)} MB (${(ds.bytes / ds.rows).toFixed(0)} bytes/row)`);

  const dataDir = fs.mkdtempSync(path.join(values["data-root"] ?? os.tmpdir(), "abi-bench-"));
  const env = parseEnv({ ...process.env, ABI_DATA_DIR: dataDir, CLICKHOUSE_URL: "" });
  const ch = createClickHouse(env);
  const repeat = wholeNumber("repeat", values.repeat) ?? 1;
  try {
    await migrateClickHouse(ch, path.resolve("clickhouse/migrations"));
    await ensureOpenData(ch);
    // Same starting point for every measurement: the files' pages in the OS cache.
    for (const f of files) await warmPageCache(f);
    const structures = await Promise.all(files.map(async (f) => (await probeFile(f)).header.map((_, j) => `c${j + 1}`)));
    const rss = startPeakRss();
    const runs: { ingestSec: number; parseSec: number; loadSec: number; report: IngestReport; ingestPeakMb: number; rawPeakMb: number }[] = [];
    for (let k = 0; k < repeat; k++) {
      // (c) first, so its peak RSS starts from a clean process: file → validated FOCUS rows, the path `abi ingest` takes.
      let report: IngestReport | undefined;
      await mergesSettled(ch);
      const ingestSec = await seconds(async () => {
        report = await ingestFiles(ch, { sourceId: "bench", files });
      });
      const ingestPeakMb = rss.phase();
      log(`ingest ${ingestSec.toFixed(2)} s (${Object.entries(report!.timings).map(([n, v]) => `${n} ${v.toFixed(2)}`).join(", ")}), peak RSS ${fmt(ingestPeakMb)} MiB`);
      // (a) raw parse and (b) raw load of exactly the bytes the ingest read.
      let parseSec = 0;
      let loadSec = 0;
      for (const [i, f] of files.entries()) {
        const cols = structures[i]!;
        await mergesSettled(ch);
        parseSec += await seconds(() => rawParse(ch, f, cols.map((c) => `${c} String`).join(", ")));
        await mergesSettled(ch);
        loadSec += await seconds(() => rawLoad(ch, `bench_raw_${i}`, f, cols));
      }
      for (const i of files.keys()) await ch.command({ query: `DROP TABLE IF EXISTS bench_raw_${i}` });
      const rawPeakMb = rss.phase();
      log(`raw parse ${parseSec.toFixed(2)} s, raw load ${loadSec.toFixed(2)} s, peak RSS ${fmt(rawPeakMb)} MiB`);
      runs.push({ ingestSec, parseSec, loadSec, report: report!, ingestPeakMb, rawPeakMb });
    }
    rss.stop();
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
    const r = runs[0]!.report;
    // The metric is file → validated FOCUS rows swapped in AND the dashboard rollups of the swapped
    // months rebuilt (ingestFiles' "rollups" step): until then the dashboards do not show the month.
    // The time without the rollup step is reported beside it.
    const rollupSec = (x: { report: IngestReport }) => x.report.timings.rollups ?? 0;
    const totalSec = med(runs.map((x) => x.ingestSec));
    const withoutRollupsSec = med(runs.map((x) => x.ingestSec - rollupSec(x)));
    const rollupsSec = med(runs.map(rollupSec));
    const parseSec = med(runs.map((x) => x.parseSec));
    const loadSec = med(runs.map((x) => x.loadSec));
    const ingestPeakMb = Math.max(...runs.map((x) => x.ingestPeakMb));
    const rawPeakMb = Math.max(...runs.map((x) => x.rawPeakMb));
    // peakRssMb is the ingest's own peak; the reference queries are measuring tools, reported beside it.
    const peakRssMb = ingestPeakMb;

    const out = {
      rows: r.rows.in,
      rowsPerSec: r.rows.in / totalSec,
      rawParseRowsPerSec: ds.rows / parseSec,
      rawLoadRowsPerSec: ds.rows / loadSec,
      ratio: r.rows.in / totalSec / (ds.rows / loadSec),
      peakRssMb,
      rowsPerSecWithoutRollups: r.rows.in / withoutRollupsSec,
      ratioWithoutRollups: r.rows.in / withoutRollupsSec / (ds.rows / loadSec),
    };
    if (values.json) {
      console.log(
        JSON.stringify({
          rows: out.rows,
          rowsPerSec: Math.round(out.rowsPerSec),
          rawParseRowsPerSec: Math.round(out.rawParseRowsPerSec),
          rawLoadRowsPerSec: Math.round(out.rawLoadRowsPerSec),
          ratio: Number(out.ratio.toFixed(3)),
          peakRssMb: Math.round(out.peakRssMb),
          rollupSec: Number(rollupsSec.toFixed(2)),
          rowsPerSecWithoutRollups: Math.round(out.rowsPerSecWithoutRollups),
          ratioWithoutRollups: Number(out.ratioWithoutRollups.toFixed(3)),
        }),
      );
      return;
    }
    const median = repeat > 1 ? ` (median of ${repeat})` : "";
    console.log(`rows in           ${fmt(r.rows.in)} (loaded ${fmt(r.rows.loaded)}, quarantined ${fmt(r.rows.quarantined)}, excluded ${fmt(r.rows.excluded)})`);
    console.log(`ingest            ${totalSec.toFixed(2)} s = ${fmt(out.rowsPerSec)} rows/s${median} (file → validated FOCUS rows swapped in + dashboard rollups rebuilt)`);
    console.log(`  of which rollups ${rollupsSec.toFixed(2)} s; without them ${withoutRollupsSec.toFixed(2)} s = ${fmt(out.rowsPerSecWithoutRollups)} rows/s`);
    console.log(`raw parse         ${parseSec.toFixed(2)} s = ${fmt(out.rawParseRowsPerSec)} rows/s${median}`);
    console.log(`raw load          ${loadSec.toFixed(2)} s = ${fmt(out.rawLoadRowsPerSec)} rows/s${median}`);
    console.log(`ratio             ${out.ratio.toFixed(3)} (ingest rows/s ÷ raw load rows/s; without rollups ${out.ratioWithoutRollups.toFixed(3)})`);
    console.log(`peak RSS          ${fmt(peakRssMb)} MiB during ingest (raw reference queries: ${fmt(rawPeakMb)} MiB; ${rss.hwmReset ? "VmHWM + sampler" : "sampler only"})`);
    console.log(`steps             ${Object.entries(r.timings).map(([k, v]) => `${k} ${v.toFixed(2)} s`).join(", ")}`);
    console.log(`quarantine        ${r.quarantine.map((q) => `${q.rule} ${q.rows}`).join(", ") || "none"}`);
  } finally {
    await ch.close().catch(() => undefined);
    if (!values.keep) fs.rmSync(dataDir, { recursive: true, force: true });
    else log(`kept chDB data in ${dataDir}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
