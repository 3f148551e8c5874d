import { spawn, execFile, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3Client } from "@aws-sdk/client-s3";
import { resetEnvCache } from "~/domain/runtime/env";
import { openRuntime, type Runtime } from "~/domain/runtime";
import { temporalClient } from "~/domain/runtime/temporal";
import { startMonthRun } from "~/domain/ingestion/start-runs";
import { liveProgress } from "~/domain/ingestion/list-runs";
import { startS3Server, type S3TestServer } from "../support/s3-server";
import { putExportRun } from "../support/azure-export-fixtures";
import { freshPostgresDatabase, serverMode } from "../helpers/server-mode";
import { createSource, generatedMonth } from "./harness";
import { monthsAgo } from "~/domain/ingestion/months";

const run = promisify(execFile);
// Last month: Cost Details serves it, and exports of it are submitted early this month.
const MONTH = monthsAgo(1);
const submitted = (day: number, hour = 3) => `${monthsAgo(0)}-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00Z`;
const server = serverMode();

/**
 * The worker owns the embedded ClickHouse (chDB) in its own process, as `abi worker` does in
 * server mode; this test process only talks to PostgreSQL and Temporal, then kills the worker.
 */
(server ? describe : describe.skip)("a worker killed with SIGKILL mid-run", () => {
  const workerDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-crash-worker-"));
  let rt: Runtime;
  let s3: S3TestServer;
  let workerEnv: NodeJS.ProcessEnv;
  const workers: ChildProcess[] = [];

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, ["bin/abi.mjs", "worker"], { env: workerEnv, stdio: ["ignore", "ignore", "pipe"] });
    child.stderr!.on("data", (d) => process.env.ABI_DEBUG && process.stderr.write(d));
    workers.push(child);
    return child;
  }

  async function totalsInWorkerStore(sourceId: string) {
    const script = `
      import { createClickHouse } from "./src/domain/runtime/clickhouse.ts";
      import { parseEnv } from "./src/domain/runtime/env.ts";
      const ch = createClickHouse(parseEnv({ ABI_DATA_DIR: ${JSON.stringify(workerDataDir)} }));
      const rs = await ch.query({ query: "SELECT count() AS rows, toString(sum(BilledCost)) AS billed, toString(sum(EffectiveCost)) AS effective FROM focus_billing_data WHERE x_SourceId = {s:String}", query_params: { s: ${JSON.stringify(sourceId)} }, format: "JSONEachRow" });
      console.log(JSON.stringify((await rs.json())[0])); await ch.close();`;
    const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script]);
    return JSON.parse(stdout.trim()) as { rows: string; billed: string; effective: string };
  }

  beforeAll(async () => {
    const databaseUrl = await freshPostgresDatabase(server!.databaseUrl);
    const common = {
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: server!.temporalAddress,
      TEMPORAL_TASK_QUEUE: `abi-crash-${process.pid}-${Date.now()}`,
      ABI_SECRET_KEY: "crash-test-secret-key-0123456789",
      CLICKHOUSE_URL: "",
    };
    Object.assign(process.env, common, { ABI_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "abi-crash-client-")) });
    resetEnvCache();
    rt = await openRuntime({ migrate: true });
    workerEnv = { ...process.env, ...common, ABI_DATA_DIR: workerDataDir, ABI_WORKER: "inprocess" };

    s3 = await startS3Server({ buckets: ["exports"] });
    const s3client = new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
    const gen = await generatedMonth(MONTH, 2500);
    for (const [exportName, type, file] of [["actual", "ActualCost", gen.actual.path], ["amortized", "AmortizedCost", gen.amortized.path]] as const) {
      await putExportRun(s3client, { bucket: "exports", root: "ea", exportName, month: MONTH, type, submittedTime: submitted(2, 0), parts: [{ name: "part_0_0001.csv", body: fs.readFileSync(file) }] });
    }
  });

  afterAll(async () => {
    for (const w of workers) w.kill("SIGKILL");
    await s3?.stop();
    await rt?.close();
  });

  it("completes the run after a restart with exact totals: no duplicate, no loss", async () => {
    const source = await createSource(rt, "crash-s3", "azure-exports-s3", { endpoint: s3.endpoint, bucket: "exports", prefix: "ea", accessKeyId: s3.accessKeyId }, { secretAccessKey: s3.secretAccessKey });
    const client = await temporalClient(rt.env);
    type Result = { rows: { loaded: number }; totals: { currency: string; billedCost: string; effectiveCost: string }[] };

    const w1 = startWorker();
    const clean = await startMonthRun(rt, { sourceId: source.id, month: MONTH });
    const reference = await client.workflow.getHandle(clean.workflowId, clean.runId).result() as Result;
    expect(reference.rows.loaded).toBeGreaterThan(50_000);

    const again = await startMonthRun(rt, { sourceId: source.id, month: MONTH });
    let killedAt: string | undefined;
    for (let i = 0; i < 600 && !killedAt; i++) {
      const p = await liveProgress(client, again.workflowId, again.runId).catch(() => null);
      if (p && ["convert", "validate"].includes(p.step)) {
        w1.kill("SIGKILL");
        killedAt = p.step;
      } else await new Promise((r) => setTimeout(r, 100));
    }
    expect(killedAt, "the load step was never observed running").toBeDefined();
    await new Promise((r) => w1.once("exit", r));

    startWorker();
    const recovered = await client.workflow.getHandle(again.workflowId, again.runId).result() as Result;
    expect(recovered.rows.loaded).toBe(reference.rows.loaded);
    expect(recovered.totals.map(({ currency, billedCost, effectiveCost }) => ({ currency, billedCost, effectiveCost })))
      .toEqual(reference.totals.map(({ currency, billedCost, effectiveCost }) => ({ currency, billedCost, effectiveCost })));

    for (const w of workers) w.kill("SIGTERM");
    await Promise.all(workers.map((w) => (w.exitCode === null && w.signalCode === null ? new Promise((r) => w.once("exit", r)) : undefined)));
    const stored = await totalsInWorkerStore(source.id);
    expect(Number(stored.rows)).toBe(reference.rows.loaded);
    const usd = reference.totals.find((t) => t.currency === "USD")!;
    expect(stored.billed).toBe(usd.billedCost);
    expect(stored.effective).toBe(usd.effectiveCost);
  });
});
