/**
 * Ingest benchmark (embedded chDB): rows/s from generated EA export files to validated FOCUS rows,
 * against two physical references measured on the same files in the same process:
 *   raw parse: every column of the CSV read by file() and thrown away (SELECT * … FORMAT Null);
 *   raw load:  the CSV copied as-is into a MergeTree table of Strings (parse + write).
 * npm run bench:ingest -- --rows 1000000 [--seed 42] [--months N] [--repeat K] [--json] [--keep] [--stream]
 * --stream (automatic when the CSV of the whole run would take more than a third of the free disk,
 * e.g. at 100M rows) generates, ingests and deletes one month at a time; see scripts/bench/streamed-ingest.ts.
 * With --repeat K every measurement runs K times in the same process and the medians are reported
 * (this machine is shared; the ratio of rates measured back to back is the steadier number).
 * The headline (rowsPerSec, ratio) counts everything a user waits for before the dashboards show the
 * month: ingestFiles as a whole, the rebuild of the swapped months' rollups included.
 * --json prints exactly one line:
 *   {"rows":n,"rowsPerSec":x,"rawParseRowsPerSec":y,"rawLoadRowsPerSec":z,"ratio":x/z,"peakRssMb":m,
 *    "rollupSec":r,"rowsPerSecWithoutRollups":x0,"ratioWithoutRollups":x0/z,
 *    "streamed":b,"months":k,"generateSec":g,"runPeakRssMb":p,"rawLoadSample":{…}|null,
 *    "diskBytesPer1MRows":d,"activePartsBytesPer1MRows":a,"factCompressedBytesPer1MRows":f,"disk":{…}}
 * peakRssMb is the ingest's own peak; runPeakRssMb the whole process's (generation and references too).
 * Never fails on timing; exits non-zero only when something breaks.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createClickHouse } from "../src/domain/runtime/clickhouse";
import { parseEnv } from "../src/domain/runtime/env";
import { migrateClickHouse } from "../src/domain/runtime/clickhouse-migrations";
import { ensureOpenData } from "../src/domain/focus/open-data";
import { ingestFiles, type IngestReport } from "../src/domain/ingest";
import { probeFile } from "../src/domain/ingest/file-probe";
import { benchDataset } from "./bench/ea-dataset";
import { startPeakRss } from "./bench/peak-rss";
import { mergesSettled, rawLoad, rawParse, seconds, warmPageCache } from "./bench/ingest-references";
import { diskFootprint } from "./bench/disk-footprint";
import { runStreamed } from "./bench/streamed-report";
import { streamByDefault } from "./bench/streamed-ingest";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    seed: { type: "string", default: "42" },
    months: { type: "string" },
    json: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    repeat: { type: "string", default: "1" },
    stream: { type: "boolean", default: false },
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

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

async function main() {
  const rows = wholeNumber("rows", values.rows) ?? 1_000_000;
  const seed = wholeNumber("seed", values.seed) ?? 42;
  const months = wholeNumber("months", values.months);
  const dataRoot = path.join(".data", "bench");
  const auto = streamByDefault(rows, dataRoot);
  if (values.stream || auto.stream) {
    if (!values.stream) log(`~${(auto.csvBytes / 1e9).toFixed(0)} GB of CSV would not fit comfortably in ${(auto.freeBytes / 1e9).toFixed(0)} GB free: streamed mode`);
    return runStreamed({ rows, seed, months, dataRoot, tmpRoot: values["data-root"] ?? os.tmpdir(), json: values.json, keep: values.keep, log });
  }
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
      for (const i of files.keys()) await ch.command({ query: `DROP TABLE IF EXISTS bench_raw_${i} SYNC` });
      const rawPeakMb = rss.phase();
      log(`raw parse ${parseSec.toFixed(2)} s, raw load ${loadSec.toFixed(2)} s, peak RSS ${fmt(rawPeakMb)} MiB`);
      runs.push({ ingestSec, parseSec, loadSec, report: report!, ingestPeakMb, rawPeakMb });
    }
    const runPeakRssMb = rss.peakMb();
    rss.stop();
    await mergesSettled(ch);
    const disk = await diskFootprint(ch, dataDir, runs[0]!.report.rows.loaded);
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
          streamed: false,
          months: ds.months.length,
          generateSec: null,
          runPeakRssMb: Math.round(runPeakRssMb),
          rawLoadSample: null,
          diskBytesPer1MRows: disk.diskBytesPer1MRows,
          activePartsBytesPer1MRows: disk.activePartsBytesPer1MRows,
          factCompressedBytesPer1MRows: disk.factCompressedBytesPer1MRows,
          disk,
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
    console.log(`disk              ${fmt(disk.diskBytesPer1MRows / 1e6)} MB per 1M rows loaded (data dir ${fmt(disk.dataDirBytes / 1e6)} MB after merges settled; active parts ${fmt(disk.activePartsBytesPer1MRows / 1e6)} MB/1M; fact table compressed ${fmt(disk.factCompressedBytesPer1MRows / 1e6)} MB/1M)`);
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
