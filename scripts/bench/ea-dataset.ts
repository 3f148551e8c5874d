/**
 * Benchmark input: generated Azure EA ActualCost + AmortizedCost exports of about `rows` rows in
 * total, cached under .data/bench/ea-<rows>-s<seed>/ so repeated runs measure the same bytes.
 */
import fs from "node:fs";
import path from "node:path";
import { generateEaExports, MIN_ROWS_PER_DAY, type GeneratedEaFile } from "../../src/domain/seed/index";

export type BenchDataset = { dir: string; months: string[]; rowsPerDay: number; files: GeneratedEaFile[]; rows: number; bytes: number };

/** Last generated month: fixed, so the cache key (rows, seed) fully determines the files. */
export const BENCH_END_MONTH = "2025-03";
/** Above this many rows a dataset spreads over several months (a big EA enrollment bills a few million rows a month). */
const ROWS_PER_MONTH = 3_000_000;

function daysOfMonths(endMonth: string, months: number): { keys: string[]; days: number } {
  const [y, m] = endMonth.split("-").map(Number) as [number, number];
  const keys: string[] = [];
  let days = 0;
  for (let i = months - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    keys.push(d.toISOString().slice(0, 7));
    days += new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  }
  return { keys, days };
}

/** months × days × rowsPerDay × 2 files ≈ rows. */
export function datasetShape(rows: number, opts: { months?: number; endMonth?: string } = {}) {
  const months = opts.months ?? Math.max(1, Math.ceil(rows / ROWS_PER_MONTH));
  const { keys, days } = daysOfMonths(opts.endMonth ?? BENCH_END_MONTH, months);
  const rowsPerDay = Math.max(MIN_ROWS_PER_DAY, Math.round(rows / (2 * days)));
  return { months, keys, rowsPerDay };
}

export async function benchDataset(opts: {
  rows: number;
  seed: number;
  root?: string;
  months?: number;
  endMonth?: string;
  log?: (msg: string) => void;
}): Promise<BenchDataset> {
  const endMonth = opts.endMonth ?? BENCH_END_MONTH;
  const shape = datasetShape(opts.rows, { months: opts.months, endMonth });
  const defaultMonths = datasetShape(opts.rows).months;
  const key = `ea-${opts.rows}-s${opts.seed}${shape.months !== defaultMonths ? `-m${shape.months}` : ""}${endMonth !== BENCH_END_MONTH ? `-e${endMonth}` : ""}`;
  const dir = path.resolve(opts.root ?? path.join(".data", "bench"), key);
  const done = path.join(dir, "dataset.json");
  if (fs.existsSync(done)) {
    const cached = JSON.parse(fs.readFileSync(done, "utf8")) as BenchDataset;
    if (cached.files.every((f) => fs.existsSync(f.path) && fs.statSync(f.path).size === f.bytes)) {
      opts.log?.(`reusing ${cached.rows.toLocaleString("en-US")} generated rows in ${dir}`);
      return cached;
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  opts.log?.(`generating ~${opts.rows.toLocaleString("en-US")} EA rows (${shape.months} month(s), ${shape.rowsPerDay} rows/day) into ${dir}`);
  const r = await generateEaExports({ outDir: dir, months: shape.months, endMonth, rowsPerDay: shape.rowsPerDay, seed: opts.seed });
  const files = r.files;
  const ds: BenchDataset = {
    dir,
    months: shape.keys,
    rowsPerDay: shape.rowsPerDay,
    files,
    rows: files.reduce((n, f) => n + f.rows, 0),
    bytes: files.reduce((n, f) => n + f.bytes, 0),
  };
  fs.writeFileSync(done, JSON.stringify(ds, null, 2));
  return ds;
}
