import crypto from "node:crypto";
import { z } from "zod";
import { generateEaExports, MIN_ROWS_PER_DAY } from "../seed";
import { ingestFiles } from "../ingest";
import { ensureFileSource } from "../sources/registry";
import { seedDemoBudgets } from "../seed/demo-budgets";
import { recordDirectRun } from "../ingestion/direct-runs";
import { sourceRunPlugin } from "../ingestion/run-plugin";
import { runDir, removeRunDir } from "../ingestion/run-dir";
import type { Runtime } from "../runtime";
import type { Command, ProgressSink } from "./types";

export const seedArgs = z.object({
  months: z.number().int().min(1).max(36).default(12),
  rowsPerDay: z.number().int().min(MIN_ROWS_PER_DAY, `must be at least ${MIN_ROWS_PER_DAY}`).max(1_000_000).default(200),
  seed: z.number().int().min(0).default(1),
  source: z.string().trim().min(1).max(120).default("demo-ea"),
  ifEmpty: z.boolean().default(false),
});

export type SeedResult = {
  skipped?: string;
  source: string;
  files: number;
  rows: { in: number; loaded: number; quarantined: number; excluded: number };
  months: string[];
  anomalies: number;
  /** Demo budgets created (one per scope level, see seed/demo-budgets.ts). */
  budgets?: string[];
  seconds: number;
};

/** Generates realistic EA actual + amortized exports and ingests them through the normal path. */
export const seedCommand: Command<z.input<typeof seedArgs>, SeedResult> = {
  name: "seed",
  async run(rt, raw, progress) {
    const args = seedArgs.parse(raw);
    const started = Date.now();
    if (args.ifEmpty) {
      const rs = await rt.ch.query({ query: "SELECT count() AS n FROM focus_billing_data", format: "JSONEachRow" });
      const [row] = await rs.json<{ n: string }>();
      if (Number(row?.n) > 0) return { skipped: `ClickHouse already holds ${row?.n} FOCUS rows`, source: args.source, files: 0, rows: { in: 0, loaded: 0, quarantined: 0, excluded: 0 }, months: [], anomalies: 0, seconds: 0 };
    }
    // The files are an input like a downloaded export: deterministic (same seed, same bytes), so not kept.
    const workId = `seed-${crypto.randomUUID()}`;
    const outDir = runDir(rt.env, workId);
    try {
      return await generateAndIngest(rt, args, outDir, progress, started);
    } finally {
      removeRunDir(rt.env, workId);
    }
  },
};

async function generateAndIngest(rt: Runtime, args: z.output<typeof seedArgs>, outDir: string, progress: ProgressSink, started: number): Promise<SeedResult> {
  const generated = await generateEaExports({
    outDir,
    months: args.months,
    rowsPerDay: args.rowsPerDay,
    seed: args.seed,
    onProgress: (done, total) => progress({ step: "generate", done, total, unit: "rows" }),
  });
  const source = await ensureFileSource(rt.db, args.source);
  const rows = { in: 0, loaded: 0, quarantined: 0, excluded: 0 };
  const months = [...new Set(generated.files.map((f) => f.month))].sort();
  for (const [i, month] of months.entries()) {
    const files = generated.files.filter((f) => f.month === month);
    // Each month is its own run, listed in the console like any other (direct-runs.ts).
    const runId = crypto.randomUUID();
    await recordDirectRun(rt.ch, { runId, origin: "seed", sourceId: source.id, detail: `seed ${args.seed}, ${args.rowsPerDay} rows/day, ${month}`, plugin: await sourceRunPlugin(rt.db, source.plugin) });
    const report = await ingestFiles(rt.ch, { sourceId: source.id, runId, files: files.map((f) => f.path), dataset: "auto" });
    for (const k of Object.keys(rows) as (keyof typeof rows)[]) rows[k] += report.rows[k];
    progress({ step: `ingest ${month}`, done: i + 1, total: months.length, unit: "rows" });
  }
  const budgets = await seedDemoBudgets(rt.ch, rt.db);
  return { source: args.source, files: generated.files.length, rows, months, anomalies: generated.anomalies.length, budgets, seconds: (Date.now() - started) / 1000 };
}
