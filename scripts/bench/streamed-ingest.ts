/**
 * bench:ingest in streamed mode, for sizes whose CSV would not fit on the disk (100M rows ≈ 93 GB):
 * one month's ActualCost + AmortizedCost files are generated, ingested with one ingestFiles call
 * (as a monthly export arrives), deleted, then the next month. Only ingestFiles is timed (rollups
 * included); generation is timed apart. The raw parse/load references are measured on a sample,
 * the first month's files, right after that month's ingest and before the files are deleted.
 */
import fs from "node:fs";
import path from "node:path";
import type { ClickHouseClient } from "@clickhouse/client";
import { ingestFiles, type IngestReport } from "../../src/domain/ingest";
import { probeFile } from "../../src/domain/ingest/file-probe";
import { generateEaExports, type GeneratedEaFile } from "../../src/domain/seed/index";
import { BENCH_END_MONTH, datasetShape } from "./ea-dataset";
import { mergesSettled, rawLoad, rawParse, seconds, warmPageCache } from "./ingest-references";
import type { startPeakRss } from "./peak-rss";

/** Bytes per generated CSV row (both files), measured on the generator's EA layout. */
export const CSV_BYTES_PER_ROW = 928;

/**
 * Streamed when the files of the whole run would take more than a third of the free disk (the
 * ClickHouse store, its merges and the staging tables need the rest).
 */
export function streamByDefault(rows: number, root: string): { stream: boolean; csvBytes: number; freeBytes: number } {
  fs.mkdirSync(root, { recursive: true });
  const st = fs.statfsSync(root);
  const freeBytes = st.bavail * st.bsize;
  const csvBytes = rows * CSV_BYTES_PER_ROW;
  return { stream: csvBytes > freeBytes / 3, csvBytes, freeBytes };
}

export type StreamedRun = {
  months: number;
  rowsIn: number;
  rowsLoaded: number;
  generatedRows: number;
  generatedBytes: number;
  ingestSec: number;
  rollupSec: number;
  generateSec: number;
  timings: Record<string, number>;
  quarantined: number;
  excluded: number;
  /** Peak RSS of the ingest phases alone (MiB); the whole run's peak is the caller's rss.peakMb(). */
  ingestPeakMb: number;
  /** Peak RSS while the generator wrote a month (MiB), to check it stays flat at large months. */
  generatePeakMb: number;
  sample: { month: string; rows: number; parseSec: number; loadSec: number; peakMb: number };
  perMonth: { month: string; rows: number; ingestSec: number; generateSec: number }[];
};

export async function streamedIngest(
  ch: ClickHouseClient,
  o: { rows: number; seed: number; months?: number; root: string; rss: ReturnType<typeof startPeakRss>; log: (m: string) => void },
): Promise<StreamedRun> {
  const shape = datasetShape(o.rows, { months: o.months });
  const dir = path.resolve(o.root, `stream-${o.rows}-s${o.seed}`);
  fs.rmSync(dir, { recursive: true, force: true });
  o.log(`streamed: ${shape.months} month(s) of ~${(o.rows / shape.months / 1e6).toFixed(2)}M rows (${shape.rowsPerDay} rows/day) generated, ingested and deleted one month at a time in ${dir}`);
  const run: StreamedRun = {
    months: shape.months, rowsIn: 0, rowsLoaded: 0, generatedRows: 0, generatedBytes: 0, ingestSec: 0, rollupSec: 0, generateSec: 0,
    timings: {}, quarantined: 0, excluded: 0, ingestPeakMb: 0, generatePeakMb: 0, sample: { month: "", rows: 0, parseSec: 0, loadSec: 0, peakMb: 0 }, perMonth: [],
  };
  let monthStart = process.hrtime.bigint();
  const afterMonth = async (files: GeneratedEaFile[]) => {
    const generateSec = Number(process.hrtime.bigint() - monthStart) / 1e9;
    run.generateSec += generateSec;
    const paths = files.map((f) => f.path);
    const month = files[0]!.month;
    const rows = files.reduce((n, f) => n + f.rows, 0);
    run.generatedRows += rows;
    run.generatedBytes += files.reduce((n, f) => n + f.bytes, 0);
    // Same starting point as the up-front mode: the month's files in the OS page cache, engine idle.
    for (const p of paths) await warmPageCache(p);
    await mergesSettled(ch);
    run.generatePeakMb = Math.max(run.generatePeakMb, o.rss.phase()); // closes the generation phase
    let report: IngestReport | undefined;
    const ingestSec = await seconds(async () => {
      report = await ingestFiles(ch, { sourceId: "bench", files: paths });
    });
    run.ingestPeakMb = Math.max(run.ingestPeakMb, o.rss.phase());
    const r = report!;
    run.ingestSec += ingestSec;
    run.rollupSec += r.timings.rollups ?? 0;
    for (const [k, v] of Object.entries(r.timings)) run.timings[k] = (run.timings[k] ?? 0) + v;
    run.rowsIn += r.rows.in;
    run.rowsLoaded += r.rows.loaded;
    run.quarantined += r.rows.quarantined;
    run.excluded += r.rows.excluded;
    run.perMonth.push({ month, rows: r.rows.in, ingestSec, generateSec });
    o.log(`  ${month}: ${rows.toLocaleString("en-US")} rows generated in ${generateSec.toFixed(1)} s, ingested in ${ingestSec.toFixed(1)} s (rollups ${(r.timings.rollups ?? 0).toFixed(1)} s) = ${Math.round(r.rows.in / ingestSec).toLocaleString("en-US")} rows/s, RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);
    if (run.perMonth.length === 1) {
      // Raw references on this sample: the same bytes the month's ingest just read.
      run.sample.month = month;
      run.sample.rows = rows;
      for (const [i, p] of paths.entries()) {
        const cols = (await probeFile(p)).header.map((_, j) => `c${j + 1}`);
        await mergesSettled(ch);
        run.sample.parseSec += await seconds(() => rawParse(ch, p, cols.map((c) => `${c} String`).join(", ")));
        await mergesSettled(ch);
        run.sample.loadSec += await seconds(() => rawLoad(ch, `bench_raw_${i}`, p, cols));
        // SYNC: the store's disk footprint is measured at the end and must not hold these.
        await ch.command({ query: `DROP TABLE IF EXISTS bench_raw_${i} SYNC` });
      }
      run.sample.peakMb = o.rss.phase();
      o.log(`  raw references on ${month} (${rows.toLocaleString("en-US")} rows): parse ${run.sample.parseSec.toFixed(1)} s, load ${run.sample.loadSec.toFixed(1)} s`);
    }
    for (const p of paths) fs.rmSync(p, { force: true });
    monthStart = process.hrtime.bigint();
  };
  try {
    await generateEaExports({ outDir: dir, months: shape.months, endMonth: BENCH_END_MONTH, rowsPerDay: shape.rowsPerDay, seed: o.seed, afterMonth });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return run;
}
