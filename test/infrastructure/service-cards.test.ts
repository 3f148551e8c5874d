import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { Client } from "@temporalio/client";
import type { Runtime } from "~/domain/runtime";
import { resetEnvCache } from "~/domain/runtime/env";
import { checkHealth, type HealthReport } from "~/domain/runtime/health";
import { postgresProbe } from "~/domain/runtime/probes/postgres-probe";
import type { Db } from "~/domain/runtime/postgres";
import * as schema from "~/domain/db/schema";
import { platformObjectStoreFromEnv } from "~/domain/storage/platform-store";
import { s3ObjectStore } from "~/domain/storage/s3-object-store";
import { ingestFiles } from "~/domain/ingest";
import { generateEaExports } from "~/domain/seed";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";
import { registerTestNamespace } from "./temporal-namespace";
import { adminCaller } from "../helpers/admin-caller";
import { freshPostgresDatabase, serverMode } from "../helpers/server-mode";
import { startRedis } from "../support/redis-server";
import { startS3Server, type S3TestServer } from "../support/s3-server";

/**
 * The infrastructure console's cards with real stores: chDB with ingested data, PGlite, a
 * Temporal namespace of its own, the data-directory object store and a real S3 server, Redis,
 * and PostgreSQL in server mode. Expected values come from the test's own writes or independent
 * reads (files on disk, other SQL), not from the probes.
 */
const NAMESPACE = `abi-cards-${process.pid}`;
const QUEUE = `abi-cards-${process.pid}`;
const REDIS_PORT = Number(process.env.ABI_TEST_REDIS_PORT ?? 3454);

let rt: Runtime;
let report: HealthReport;
let redis: { url: string; stop: () => void };
let s3: S3TestServer;

const one = async <T>(sql: string) => {
  const rs = await rt.ch.query({ query: sql, format: "JSONEachRow" });
  return (await rs.json<T>())[0]!;
};

beforeAll(async () => {
  process.env.TEMPORAL_NAMESPACE = NAMESPACE;
  process.env.TEMPORAL_TASK_QUEUE = QUEUE;
  if (process.env.TEST_TEMPORAL_ADDRESS) process.env.TEMPORAL_ADDRESS = process.env.TEST_TEMPORAL_ADDRESS;
  rt = await freshEmbeddedRuntime("cards");
  redis = await startRedis(REDIS_PORT);
  process.env.REDIS_URL = redis.url;
  resetEnvCache();
  s3 = await startS3Server({ buckets: ["abi-cards"] });

  const connection = await rt.temporal();
  await registerTestNamespace(connection, NAMESPACE);
  const client = new Client({ connection, namespace: NAMESPACE });
  // no-worker-workflow: a type no worker runs, so the execution stays running
  await client.workflow.start("cardsTestWaiting", { taskQueue: QUEUE, workflowId: `cards-waiting-${process.pid}` });
  await client.schedule.create({
    scheduleId: `cards-schedule-${process.pid}`,
    spec: { intervals: [{ every: "1 day" }] },
    // no-worker-workflow: a type no worker runs, so the execution stays running
    action: { type: "startWorkflow", workflowType: "cardsTestWaiting", taskQueue: QUEUE },
    state: { paused: true },
  });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-cards-seed-"));
  const gen = await generateEaExports({ months: 1, endMonth: "2025-03", rowsPerDay: 100, seed: 9, outDir: dir });
  await ingestFiles(rt.ch, { sourceId: "cards-src", files: gen.files.map((f) => f.path) });

  // The same dashboard twice: the first load misses the result cache (Redis), the second hits.
  const admin = await adminCaller(rt);
  await admin.overview.get();
  await admin.overview.get();

  const store = platformObjectStoreFromEnv(rt.env);
  await store.put("raw/a/one.csv", "x".repeat(10));
  await store.put("raw/a/two.csv", "y".repeat(200));
  await store.put("backups/b.tar", Buffer.alloc(3000));

  // Visibility is eventually consistent: wait until the namespace shows the running workflow.
  for (let i = 0; i < 40 && (await client.workflow.count('ExecutionStatus="Running"')).count !== 1; i++) await new Promise((r) => setTimeout(r, 500));
  report = await checkHealth({ env: { ...rt.env, REDIS_URL: redis.url }, clickhouse: rt.ch, db: rt.db, temporal: rt.temporal });
});

afterAll(async () => {
  redis?.stop();
  await s3?.stop();
  await rt?.close();
});

describe("service cards", () => {
  it("lists every configured service, all healthy", () => {
    expect(Object.keys(report.services).sort()).toEqual(["clickhouse", "postgres", "redis", "storage", "temporal"]);
    for (const [name, s] of Object.entries(report.services)) expect(s, name).toMatchObject({ ok: true });
    expect(report.status).toBe("ok");
  });

  it("ClickHouse: version, bytes on disk, rows and parts of the fact table, merges", async () => {
    const card = report.services.clickhouse!;
    expect(card.version).toMatch(/^\d+\.\d+\./);
    const facts = await one<{ rows: string; parts: string }>("SELECT toString(count()) AS rows, toString(uniqExact(_part)) AS parts FROM focus_billing_data");
    expect(Number(facts.rows)).toBeGreaterThan(0);
    expect(card.details).toMatchObject({ "fact rows": Number(facts.rows), "fact parts": Number(facts.parts) });
    // Every table's parts together are at least the fact table's own compressed bytes.
    const fact = await one<{ b: string }>("SELECT toString(total_bytes) AS b FROM system.tables WHERE database = currentDatabase() AND name = 'focus_billing_data'");
    expect(card.details!["disk used"]).toBeGreaterThanOrEqual(Number(fact.b));
    expect(card.details!["merges running"]).toBeGreaterThanOrEqual(0);
  });

  it("PostgreSQL (PGlite): embedded, with the size of its data directory", () => {
    const card = report.services.postgres!;
    expect(card.mode).toBe("embedded");
    const onDisk = execFileSync("find", [path.join(rt.env.dataDir, "pglite"), "-type", "f", "-printf", "%s\\n"], { encoding: "utf8" })
      .split("\n").filter(Boolean).reduce((n, s) => n + Number(s), 0);
    const measured = card.details!["data directory size"] as number;
    // PGlite may write between the two readings (WAL): within 5 %.
    expect(Math.abs(measured - onDisk) / onDisk).toBeLessThan(0.05);
    expect(card.details!.engine).toMatch(/embedded/);
  });

  it("Temporal: namespace, workers polling, running workflows, schedules", () => {
    expect(report.services.temporal!.details).toMatchObject({
      namespace: NAMESPACE,
      "task queue": QUEUE,
      "workers polling": 0,
      "running workflows": 1,
      schedules: 1,
    });
  });

  it("object storage (data-directory folder): objects and bytes from a full listing", () => {
    const card = report.services.storage!;
    expect(card.mode).toBe("embedded");
    expect(card.details).toMatchObject({ objects: 3, "bucket size": 10 + 200 + 3000, counted: "full listing" });
    expect(String(card.details!.location)).toContain(path.join(rt.env.dataDir, "objects"));
  });

  it("object storage (S3 bucket): objects and bytes of the bucket's prefix", async () => {
    const store = s3ObjectStore({ endpoint: s3.endpoint, region: s3.region, bucket: "abi-cards", prefix: "abi", accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey });
    await store.put("raw/x.csv", "z".repeat(1234));
    await store.put("raw/y.csv", "z".repeat(66));
    const r = await checkHealth({ env: rt.env, clickhouse: rt.ch, db: rt.db, temporal: rt.temporal, storage: store });
    expect(r.services.storage).toMatchObject({ ok: true, mode: "server", details: { objects: 2, "bucket size": 1300 } });
  });

  it("Redis: version, memory used and the result cache's hit rate", () => {
    const card = report.services.redis!;
    expect(card.version).toMatch(/^\d+\.\d+/);
    expect(card.details!["memory used"]).toBeGreaterThan(0);
    const hits = card.details!["result cache hits"] as number;
    expect(hits).toBeGreaterThan(0);
    // The second load asked exactly what the first asked.
    expect(card.details!["result cache misses"]).toBe(hits);
    expect(card.details!["result cache hit rate"]).toBe("50.0 % (this app process)");
  });

  it("a service that does not answer is down with its error, and the report degraded", async () => {
    const r = await checkHealth({ env: { ...rt.env, REDIS_URL: "redis://127.0.0.1:1" }, clickhouse: rt.ch, db: rt.db, temporal: rt.temporal });
    expect(r.status).toBe("degraded");
    expect(r.services.redis).toMatchObject({ ok: false });
    expect(r.services.redis!.error).toBeTruthy();
  });

  it("the public liveness check asks the same services without listing or counting anything", async () => {
    const r = await checkHealth({ env: { ...rt.env, REDIS_URL: redis.url }, clickhouse: rt.ch, db: rt.db, temporal: rt.temporal, livenessOnly: true });
    expect(Object.keys(r.services).sort()).toEqual(Object.keys(report.services).sort());
    expect(r.status).toBe("ok");
    expect(r.services.storage!.details).toBeUndefined();
    expect(r.services.temporal!.details).toBeUndefined();
  });
});

describe("PostgreSQL server card", () => {
  const server = serverMode();
  it("shows the database size and its connections", async () => {
    expect(server, "scripts/test-services.sh exports TEST_DATABASE_URL").toBeDefined();
    const url = await freshPostgresDatabase(server!.databaseUrl);
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      const db = drizzle(pool, { schema }) as unknown as Db;
      const card = await postgresProbe(db, { mode: "server", pgliteDir: "" });
      const name = new URL(url).pathname.slice(1);
      const { rows } = await other.query<{ size: string }>("SELECT pg_database_size(oid)::text AS size FROM pg_database WHERE datname = $1", [name]);
      expect(card.version).toMatch(/^PostgreSQL \d+/);
      expect(card.details!["database size"]).toBe(Number(rows[0]!.size));
      // The pool's connection and the test's own.
      expect(card.details!.connections).toBeGreaterThanOrEqual(2);
    } finally {
      await other.end();
      await pool.end();
    }
  });
});
