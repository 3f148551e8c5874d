/**
 * Orchestration overhead: one generated month of EA exports (~N rows, actual + amortized) run
 * through the whole Temporal workflow (S3 export discovery and download, load activity with
 * heartbeats, data-quality child workflow) vs a direct ingestFiles of the same files (what
 * `abi ingest` does), in one in-process runtime: chDB + PGlite + the embedded Temporal dev server +
 * the real worker, and a real S3 server (`rclone serve s3`). Same chDB, different source ids.
 * npm run bench:workflow -- [--rows 1000000] [--seed 42] [--json]
 * --json prints one line: {"rows":n,"workflowSeconds":w,"directSeconds":d,"overhead":w/d}
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { S3Client } from "@aws-sdk/client-s3";
import { startMonthRun } from "../src/domain/ingestion/start-runs";
import { ingestFiles } from "../src/domain/ingest";
import { startHarness, createSource } from "../test/temporal/harness";
import { startS3Server } from "../test/support/s3-server";
import { putExportRun } from "../test/support/azure-export-fixtures";
import { benchDataset } from "./bench/ea-dataset";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    seed: { type: "string", default: "42" },
    json: { type: "boolean", default: false },
  },
});

const log = (msg: string) => {
  if (!values.json) process.stderr.write(`${msg}\n`);
};

async function main() {
  const rows = Number(values.rows);
  const seed = Number(values.seed);
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(seed)) throw new Error("--rows and --seed must be whole numbers");
  const ds = await benchDataset({ rows, seed, months: 1, log });
  const month = ds.months[0]!;
  const actual = ds.files.find((f) => f.kind === "actual")!;
  const amortized = ds.files.find((f) => f.kind === "amortized")!;
  log(`${month}: ${ds.rows.toLocaleString("en-US")} rows in ${ds.files.length} files (${(ds.bytes / 1e6).toFixed(0)} MB)`);

  const s3 = await startS3Server({ buckets: ["exports"] });
  const h = await startHarness();
  try {
    const s3client = new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
    for (const [exportName, type, file] of [["daily-actual", "ActualCost", actual], ["daily-amortized", "AmortizedCost", amortized]] as const) {
      await putExportRun(s3client, { bucket: "exports", root: "costs/ea", exportName, month, type, submittedTime: `${month}-28T03:00:00Z`, parts: [{ name: "part_0_0001.csv", body: fs.readFileSync(file.path) }] });
    }
    const source = await createSource(h.rt, "bench-exports", "azure-exports-s3",
      { endpoint: s3.endpoint, bucket: "exports", prefix: "costs/ea", accessKeyId: s3.accessKeyId }, { secretAccessKey: s3.secretAccessKey });

    // Direct: the same files, the same engine, what `abi ingest` runs.
    let t0 = Date.now();
    const direct = await ingestFiles(h.rt.ch, { sourceId: "bench-direct", files: [actual.path, amortized.path] });
    const directSeconds = (Date.now() - t0) / 1000;
    log(`direct ingestFiles: ${directSeconds.toFixed(2)} s (${Object.entries(direct.timings).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", ")})`);

    // Workflow: start → extract (S3 list + download) → load activity → data-quality child → done.
    t0 = Date.now();
    const { workflowId, runId } = await startMonthRun(h.rt, { sourceId: source.id, month });
    const result = (await (await h.client()).workflow.getHandle(workflowId, runId).result()) as { rows: { in: number; loaded: number }; seconds: number; timings: Record<string, number> };
    const workflowSeconds = (Date.now() - t0) / 1000;
    log(`workflow: ${workflowSeconds.toFixed(2)} s (ingest activities ${result.seconds.toFixed(2)} s: ${Object.entries(result.timings).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", ")})`);
    if (result.rows.loaded !== direct.rows.loaded) throw new Error(`workflow loaded ${result.rows.loaded} rows, direct ${direct.rows.loaded}`);

    const out = { rows: direct.rows.in, workflowSeconds, directSeconds, overhead: workflowSeconds / directSeconds };
    if (values.json) {
      console.log(JSON.stringify({ ...out, workflowSeconds: Number(workflowSeconds.toFixed(2)), directSeconds: Number(directSeconds.toFixed(2)), overhead: Number(out.overhead.toFixed(3)) }));
      return;
    }
    console.log(`rows              ${out.rows.toLocaleString("en-US")} (loaded ${direct.rows.loaded.toLocaleString("en-US")})`);
    console.log(`direct ingest     ${directSeconds.toFixed(2)} s = ${Math.round(out.rows / directSeconds).toLocaleString("en-US")} rows/s`);
    console.log(`whole workflow    ${workflowSeconds.toFixed(2)} s = ${Math.round(out.rows / workflowSeconds).toLocaleString("en-US")} rows/s`);
    console.log(`  of which ingest ${result.seconds.toFixed(2)} s in the ingest activities (stage, convert, validate, swap)`);
    console.log(`overhead          ${out.overhead.toFixed(2)}× (workflow ÷ direct)`);
  } finally {
    await h.close().catch(() => undefined);
    await s3.stop().catch(() => undefined);
    if (!process.env.KEEP_BENCH_DIR) fs.rmSync(h.dataDir, { recursive: true, force: true });
  }
}

main()
  .then(() => process.exit(0))
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
