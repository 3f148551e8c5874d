/**
 * Ingest benchmark (embedded chDB): rows/s from generated EA export files to validated FOCUS rows,
 * against two physical references measured on the same files in the same process:
 *   raw parse: every column of the CSV read by file() and thrown away (SELECT * … FORMAT Null);
 *   raw load:  the CSV copied as-is into a MergeTree table of Strings (parse + write).
 * npm run bench:ingest -- --rows 1000000 [--seed 42] [--json] [--keep]
 * --json prints exactly one line:
 *   {"rows":n,"rowsPerSec":x,"rawParseRowsPerSec":y,"rawLoadRowsPerSec":z,"ratio":x/z,"peakRssMb":m}
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
import { ingestFiles } from "../src/domain/ingest";
import { probeFile } from "../src/domain/ingest/file-probe";
import { benchDataset } from "./bench/ea-dataset";
import { startPeakRss } from "./bench/peak-rss";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    seed: { type: "string", default: "42" },
    months: { type: "string" },
    json: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
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

const CSV = "SETTINGS input_format_with_names_use_header = 0, format_csv_allow_single_quotes = 0";

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
  try {
    await migrateClickHouse(ch, path.resolve("clickhouse/migrations"));
    await ensureOpenData(ch);
    const rss = startPeakRss();

    // (a) raw parse and (b) raw load of exactly the bytes the ingest reads.
    let parseSec = 0;
    let loadSec = 0;
    for (const [i, f] of files.entries()) {
      const header = (await probeFile(f)).header;
      const cols = header.map((_, j) => `c${j + 1}`);
      const structure = cols.map((c) => `${c} String`).join(", ");
      parseSec += await seconds(() => rawParse(ch, f, structure));
      loadSec += await seconds(() => rawLoad(ch, `bench_raw_${i}`, f, cols));
    }
    for (const i of files.keys()) await ch.command({ query: `DROP TABLE IF EXISTS bench_raw_${i}` });
    log(`raw parse ${parseSec.toFixed(2)} s, raw load ${loadSec.toFixed(2)} s`);

    // (c) file → validated FOCUS rows, the same path `abi ingest` takes.
    let report: Awaited<ReturnType<typeof ingestFiles>> | undefined;
    const ingestSec = await seconds(async () => {
      report = await ingestFiles(ch, { sourceId: "bench", files });
    });
    const r = report!;
    const peakRssMb = rss.peakMb();
    rss.stop();

    const out = {
      rows: r.rows.in,
      rowsPerSec: r.rows.in / ingestSec,
      rawParseRowsPerSec: ds.rows / parseSec,
      rawLoadRowsPerSec: ds.rows / loadSec,
      ratio: r.rows.in / ingestSec / (ds.rows / loadSec),
      peakRssMb,
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
        }),
      );
      return;
    }
    const d = rss.detail();
    console.log(`rows in           ${fmt(r.rows.in)} (loaded ${fmt(r.rows.loaded)}, quarantined ${fmt(r.rows.quarantined)}, excluded ${fmt(r.rows.excluded)})`);
    console.log(`ingest            ${ingestSec.toFixed(2)} s = ${fmt(out.rowsPerSec)} rows/s`);
    console.log(`raw parse         ${parseSec.toFixed(2)} s = ${fmt(out.rawParseRowsPerSec)} rows/s`);
    console.log(`raw load          ${loadSec.toFixed(2)} s = ${fmt(out.rawLoadRowsPerSec)} rows/s`);
    console.log(`ratio             ${out.ratio.toFixed(3)} (ingest rows/s ÷ raw load rows/s)`);
    console.log(`peak RSS          ${fmt(peakRssMb)} MiB (VmHWM ${d.vmHwmMb === undefined ? "n/a" : fmt(d.vmHwmMb)}, sampled ${fmt(d.sampledMb)})`);
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
