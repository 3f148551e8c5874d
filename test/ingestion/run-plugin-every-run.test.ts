/**
 * Every run records the plugin id and version it ran with in ClickHouse (ingest_run_plugins), not
 * only pulled months: `abi ingest` and `abi seed` runs (listed by `abi runs --json` through
 * listDirectRuns, shown on the run page through directRun) and upload runs (started here against
 * the embedded Temporal dev server; no worker is needed to start one). The expected version is read
 * from the built-in's package.json and the row with SQL, not through the product's lookups.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "~/domain/runtime";
import { stopTemporal } from "~/domain/runtime/temporal";
import { ingestCommand } from "~/domain/commands/ingest";
import { seedCommand } from "~/domain/commands/seed";
import { listDirectRuns, directRun } from "~/domain/ingestion/direct-runs";
import { startUpload } from "~/domain/ingestion/start-runs";
import { ensureFileSource } from "~/domain/sources/registry";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";

const FIXTURE = path.resolve(__dirname, "../fixtures/azure-ea/EA_AmortizedCost_Small.csv");
const FILE_UPLOAD_VERSION = (JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../src/domain/plugins/builtin/file-upload/package.json"), "utf8")) as { version: string }).version;
const noProgress = () => {};

let rt: Runtime;
beforeAll(async () => {
  rt = await freshEmbeddedRuntime("run-plugin-every-run", ["TEMPORAL_ADDRESS"]);
  process.env.TEMPORAL_TASK_QUEUE = `abi-run-plugin-${process.pid}`;
}, 120_000);
afterAll(async () => {
  await rt?.close();
  await stopTemporal();
});

async function recorded(runId: string) {
  return (await rt.ch.query({ query: "SELECT plugin_id, plugin_version FROM ingest_run_plugins FINAL WHERE run_id = {id:String}", query_params: { id: runId }, format: "JSONEachRow" })).json<{ plugin_id: string; plugin_version: string }>();
}

describe("the plugin of every run", () => {
  it("abi ingest and abi seed runs record file-upload and its version; the run list and run page show it", async () => {
    // The seed first: it does nothing when ClickHouse already holds rows.
    await seedCommand.run(rt, { months: 1, rowsPerDay: 100 }, noProgress);
    const ingest = await ingestCommand.run(rt, { files: [FIXTURE], source: "fixture" }, noProgress);
    const runs = await listDirectRuns(rt, { limit: 50 });
    expect(runs.map((r) => r.type).sort()).toEqual(["cli-ingest", "seed"]);
    for (const r of runs) {
      expect(r.plugin).toEqual({ id: "file-upload", version: FILE_UPLOAD_VERSION });
      expect(await recorded(r.runId)).toEqual([{ plugin_id: "file-upload", plugin_version: FILE_UPLOAD_VERSION }]);
    }
    expect(runs.find((r) => r.type === "cli-ingest")!.runId).toBe(ingest.runId);
    expect((await directRun(rt, "cli-ingest", ingest.runId))!.plugin).toEqual({ id: "file-upload", version: FILE_UPLOAD_VERSION });
  }, 300_000);

  it("an upload run records its plugin when it is started", async () => {
    const source = await ensureFileSource(rt.db, "Uploads");
    const run = await startUpload(rt, { sourceId: source.id, uploadId: "u-1", files: [{ path: FIXTURE, name: "bill.csv", bytes: 1 }] });
    expect(await recorded(run.runId)).toEqual([{ plugin_id: "file-upload", plugin_version: FILE_UPLOAD_VERSION }]);
  }, 180_000);
});
