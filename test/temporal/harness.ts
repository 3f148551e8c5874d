import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { resetEnvCache } from "~/domain/runtime/env";
import { openRuntime, type Runtime } from "~/domain/runtime";
import { temporalClient } from "~/domain/runtime/temporal";
import { loadWorkerModule } from "~/domain/runtime/worker-loader";
import { dataSources } from "~/domain/db/schema";
import { encryptSecrets } from "~/domain/sources/secrets";
import { parsePluginSettings } from "~/domain/plugins/registry";
import { generateEaExports } from "~/domain/seed";
import { freshPostgresDatabase, serverMode } from "../helpers/server-mode";

/**
 * A real runtime for workflow tests: chDB, PostgreSQL (the test server when there is one, else
 * PGlite), a real Temporal server (the test server, else the embedded dev server) and, unless
 * told otherwise, the real worker running in this process.
 */
export async function startHarness(opts: { worker?: boolean } = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-wf-"));
  process.env.ABI_DATA_DIR = dataDir;
  process.env.TEMPORAL_TASK_QUEUE = `abi-wf-${process.pid}-${Date.now()}`;
  process.env.ABI_SECRET_KEY = "workflow-tests-secret-key-0123456789";
  const server = serverMode();
  if (server) {
    process.env.DATABASE_URL = await freshPostgresDatabase(server.databaseUrl);
    process.env.TEMPORAL_ADDRESS = server.temporalAddress;
  }
  resetEnvCache();
  const rt = await openRuntime({ migrate: true });
  const stop = new AbortController();
  let worker: Promise<void> | undefined;
  if (opts.worker !== false) {
    const { runWorker } = await loadWorkerModule();
    worker = runWorker({ signal: stop.signal });
  }
  return {
    rt,
    dataDir,
    client: () => temporalClient(rt.env),
    async close() {
      stop.abort();
      await worker?.catch(() => undefined);
      await rt.close();
    },
  };
}

export async function createSource(rt: Runtime, name: string, plugin: string, config: unknown, secrets: unknown = {}) {
  const parsed = parsePluginSettings(plugin, config, secrets);
  const [row] = await rt.db
    .insert(dataSources)
    .values({ name, plugin, config: parsed.config, secretCiphertext: encryptSecrets(rt.env, parsed.secrets) })
    .returning();
  return row!;
}

/** One generated month of EA actual + amortized exports. */
export async function generatedMonth(month: string, rowsPerDay: number, seed = 7) {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-gen-"));
  const r = await generateEaExports({ outDir, months: 1, endMonth: month, rowsPerDay, seed });
  const actual = r.files.find((f) => f.kind === "actual")!;
  const amortized = r.files.find((f) => f.kind === "amortized")!;
  return { actual, amortized, outDir };
}

export async function monthTotals(rt: Runtime, sourceId: string, month: string) {
  const rs = await rt.ch.query({
    query: `SELECT count() AS rows, toString(sum(BilledCost)) AS billed, toString(sum(EffectiveCost)) AS effective
      FROM focus_billing_data WHERE x_SourceId = {sourceId:String} AND x_BillingMonth = {month:Date}`,
    query_params: { sourceId, month: `${month}-01` },
    format: "JSONEachRow",
  });
  const [row] = await rs.json<{ rows: string; billed: string; effective: string }>();
  return { rows: Number(row!.rows), billed: row!.billed, effective: row!.effective };
}
