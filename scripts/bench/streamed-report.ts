/**
 * bench:ingest --stream: runs the streamed ingest in a fresh embedded store and prints the same
 * fields as the up-front mode (rowsPerSec, ratio, …) plus the streamed ones. The ratio's raw load
 * rate comes from the first month's files (rawLoadSample), as the whole run's files never exist
 * at once.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClickHouse } from "../../src/domain/runtime/clickhouse";
import { parseEnv } from "../../src/domain/runtime/env";
import { migrateClickHouse } from "../../src/domain/runtime/clickhouse-migrations";
import { ensureOpenData } from "../../src/domain/focus/open-data";
import { diskFootprint } from "./disk-footprint";
import { mergesSettled } from "./ingest-references";
import { startPeakRss } from "./peak-rss";
import { streamedIngest } from "./streamed-ingest";

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const mb = (bytes: number) => (bytes / 1e6).toLocaleString("en-US", { maximumFractionDigits: 1 });

export async function runStreamed(o: { rows: number; seed: number; months?: number; dataRoot: string; tmpRoot: string; json: boolean; keep: boolean; log: (m: string) => void }) {
  const dataDir = fs.mkdtempSync(path.join(o.tmpRoot, "abi-bench-"));
  const env = parseEnv({ ...process.env, ABI_DATA_DIR: dataDir, CLICKHOUSE_URL: "" });
  const ch = createClickHouse(env);
  const started = process.hrtime.bigint();
  try {
    await migrateClickHouse(ch, path.resolve("clickhouse/migrations"));
    await ensureOpenData(ch);
    const rss = startPeakRss();
    const run = await streamedIngest(ch, { rows: o.rows, seed: o.seed, months: o.months, root: o.dataRoot, rss, log: o.log });
    const runPeakRssMb = rss.peakMb();
    rss.stop();
    const t0 = process.hrtime.bigint();
    await mergesSettled(ch);
    const settleSec = Number(process.hrtime.bigint() - t0) / 1e9;
    const disk = await diskFootprint(ch, dataDir, run.rowsLoaded);
    const wallSec = Number(process.hrtime.bigint() - started) / 1e9;

    const rowsPerSec = run.rowsIn / run.ingestSec;
    const withoutRollups = run.rowsIn / (run.ingestSec - run.rollupSec);
    const rawParse = run.sample.rows / run.sample.parseSec;
    const rawLoad = run.sample.rows / run.sample.loadSec;
    const out = {
      rows: run.rowsIn,
      rowsPerSec: Math.round(rowsPerSec),
      rawParseRowsPerSec: Math.round(rawParse),
      rawLoadRowsPerSec: Math.round(rawLoad),
      ratio: Number((rowsPerSec / rawLoad).toFixed(3)),
      peakRssMb: Math.round(run.ingestPeakMb),
      rollupSec: Number(run.rollupSec.toFixed(2)),
      rowsPerSecWithoutRollups: Math.round(withoutRollups),
      ratioWithoutRollups: Number((withoutRollups / rawLoad).toFixed(3)),
      streamed: true,
      months: run.months,
      ingestSec: Number(run.ingestSec.toFixed(1)),
      generateSec: Number(run.generateSec.toFixed(1)),
      generatedRows: run.generatedRows,
      generatedBytes: run.generatedBytes,
      runPeakRssMb: Math.round(runPeakRssMb),
      generatePeakRssMb: Math.round(run.generatePeakMb),
      rawLoadSample: { month: run.sample.month, rows: run.sample.rows, parseSec: Number(run.sample.parseSec.toFixed(2)), loadSec: Number(run.sample.loadSec.toFixed(2)) },
      settleSec: Number(settleSec.toFixed(1)),
      wallSec: Number(wallSec.toFixed(1)),
      diskBytesPer1MRows: disk.diskBytesPer1MRows,
      activePartsBytesPer1MRows: disk.activePartsBytesPer1MRows,
      factCompressedBytesPer1MRows: disk.factCompressedBytesPer1MRows,
      disk,
      perMonth: run.perMonth.map((m) => ({ ...m, ingestSec: Number(m.ingestSec.toFixed(2)), generateSec: Number(m.generateSec.toFixed(2)) })),
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30), loadAvg1: Number(os.loadavg()[0]!.toFixed(1)) },
    };
    if (o.json) {
      console.log(JSON.stringify(out));
      return;
    }
    console.log(`rows in           ${fmt(run.rowsIn)} over ${run.months} month(s), one ingestFiles call per month (loaded ${fmt(run.rowsLoaded)}, quarantined ${fmt(run.quarantined)}, excluded ${fmt(run.excluded)})`);
    console.log(`ingest            ${run.ingestSec.toFixed(1)} s = ${fmt(rowsPerSec)} rows/s (ingestFiles only, dashboard rollups included; generation excluded)`);
    console.log(`  of which rollups ${run.rollupSec.toFixed(1)} s; without them ${fmt(withoutRollups)} rows/s`);
    console.log(`generation        ${run.generateSec.toFixed(1)} s = ${fmt(run.generatedRows / run.generateSec)} rows/s (${mb(run.generatedBytes)} MB of CSV, written and deleted a month at a time; peak RSS while generating ${fmt(run.generatePeakMb)} MiB)`);
    console.log(`raw references    on a sample, the first month's files (${run.sample.month}, ${fmt(run.sample.rows)} rows): parse ${fmt(rawParse)} rows/s, load ${fmt(rawLoad)} rows/s`);
    console.log(`ratio             ${(rowsPerSec / rawLoad).toFixed(3)} (ingest rows/s ÷ sample raw load rows/s; without rollups ${(withoutRollups / rawLoad).toFixed(3)})`);
    console.log(`peak RSS          ${fmt(runPeakRssMb)} MiB over the whole run (ingest phases ${fmt(run.ingestPeakMb)} MiB; ${rss.hwmReset ? "VmHWM + sampler" : "sampler only"})`);
    console.log(`disk              ${mb(disk.diskBytesPer1MRows)} MB per 1M rows loaded (data dir ${mb(disk.dataDirBytes)} MB after the merges settled in ${settleSec.toFixed(1)} s; active parts ${mb(disk.activePartsBytesPer1MRows)} MB/1M; fact table compressed ${mb(disk.factCompressedBytesPer1MRows)} MB/1M, uncompressed ${mb((disk.factUncompressedBytes / Math.max(1, run.rowsLoaded)) * 1e6)} MB/1M)`);
    console.log(`steps (summed)    ${Object.entries(run.timings).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(", ")}`);
    console.log(`wall              ${wallSec.toFixed(1)} s`);
  } finally {
    await ch.close().catch(() => undefined);
    if (!o.keep) fs.rmSync(dataDir, { recursive: true, force: true });
    else o.log(`kept chDB data in ${dataDir}`);
  }
}
