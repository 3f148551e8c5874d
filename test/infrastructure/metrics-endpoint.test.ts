import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@temporalio/client";
import type { Runtime } from "~/domain/runtime";
import { createUser } from "~/domain/auth/bootstrap";
import { createApiToken } from "~/domain/auth/api-tokens";
import { ingestFiles } from "~/domain/ingest";
import { generateEaExports } from "~/domain/seed";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";
import { registerTestNamespace } from "./temporal-namespace";
import { parsePrometheusText, valueOf, type Sample } from "./prometheus-text";
import { serveRoutes } from "./http-app";

/**
 * /api/metrics over a real socket: the app's own route handlers behind an HTTP server, real tRPC
 * calls with API tokens, a real ingestion run, a Temporal namespace of its own. Every expected
 * count is what the test itself did or read from the stores, never from the metrics code.
 */
const METRICS_TOKEN = "metrics-token-0123456789abcdef";
const NAMESPACE = `abi-metrics-${process.pid}`;
const QUEUE = `abi-metrics-${process.pid}`;

let rt: Runtime;
let app: { url: string; close: () => Promise<void> };
let adminToken: string;
let viewerToken: string;

async function scrape(token = METRICS_TOKEN): Promise<Sample[]> {
  const res = await fetch(`${app.url}/api/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await res.text());
}

const trpcGet = (procedure: string, token: string) => fetch(`${app.url}/api/trpc/${procedure}`, { headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  process.env.ABI_METRICS_TOKEN = METRICS_TOKEN;
  process.env.TEMPORAL_NAMESPACE = NAMESPACE;
  process.env.TEMPORAL_TASK_QUEUE = QUEUE;
  if (process.env.TEST_TEMPORAL_ADDRESS) process.env.TEMPORAL_ADDRESS = process.env.TEST_TEMPORAL_ADDRESS;
  rt = await freshEmbeddedRuntime("metrics");
  const connection = await rt.temporal();
  await registerTestNamespace(connection, NAMESPACE);

  const admin = await createUser(rt.db, { email: "admin@example.com", password: "a-long-password", role: "admin" });
  const viewer = await createUser(rt.db, { email: "viewer@example.com", password: "a-long-password", role: "viewer" });
  adminToken = (await createApiToken(rt.db, admin, { name: "metrics test" })).token;
  viewerToken = (await createApiToken(rt.db, viewer, { name: "metrics test" })).token;

  const trpc = (await import("~/app/api/trpc/[trpc]/route")) as unknown as { GET: never };
  const metrics = await import("~/app/api/metrics/route");
  app = await serveRoutes([
    { prefix: "/api/trpc/", handler: trpc.GET },
    { prefix: "/api/metrics", handler: metrics.GET as never },
  ]);
});

afterAll(async () => {
  await app?.close();
  await rt?.close();
});

describe("GET /api/metrics", () => {
  it("answers 401 without the token, with a wrong one, and with a user's API token", async () => {
    for (const headers of [{}, { authorization: "Bearer not-the-metrics-token" }, { authorization: `Bearer ${adminToken}` }] as Record<string, string>[]) {
      const res = await fetch(`${app.url}/api/metrics`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await res.text()).not.toContain("abi_");
    }
  });

  it("answers 401 to everyone while ABI_METRICS_TOKEN is not set", async () => {
    const env = rt.env as { ABI_METRICS_TOKEN?: string };
    env.ABI_METRICS_TOKEN = undefined;
    try {
      const res = await fetch(`${app.url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(res.status).toBe(401);
    } finally {
      env.ABI_METRICS_TOKEN = METRICS_TOKEN;
    }
  });

  it("counts tRPC calls per procedure and result code, with a latency histogram", async () => {
    const before = await scrape();
    for (let i = 0; i < 3; i++) expect((await trpcGet("system.me", adminToken)).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await trpcGet("users.list", viewerToken)).status).toBe(403);
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) => valueOf(after, name, labels) - valueOf(before, name, labels);
    expect(delta("abi_trpc_requests_total", { procedure: "system.me", type: "query", code: "OK" })).toBe(3);
    expect(delta("abi_trpc_requests_total", { procedure: "users.list", type: "query", code: "FORBIDDEN" })).toBe(2);
    expect(delta("abi_trpc_request_duration_seconds_count", { procedure: "system.me", type: "query" })).toBe(3);
    expect(delta("abi_trpc_request_duration_seconds_count", { procedure: "users.list", type: "query" })).toBe(2);
    expect(valueOf(after, "abi_trpc_request_duration_seconds_bucket", { procedure: "system.me", type: "query", le: "+Inf" })).toBe(3);
    // Default process metrics are there too.
    expect(valueOf(after, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
  });

  it("counts a finished ingestion run, its rows and its duration", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-metrics-seed-"));
    const gen = await generateEaExports({ months: 1, endMonth: "2025-03", rowsPerDay: 100, seed: 3, outDir: dir });
    const files = gen.files.map((f) => f.path);
    // Oracle: data lines of the CSV files the run reads, and rows the stores hold afterwards.
    const dataLines = files.reduce((n, f) => n + fs.readFileSync(f, "utf8").split("\n").filter((l) => l.trim()).length - 1, 0);
    await ingestFiles(rt.ch, { sourceId: "metrics-src", files });
    const count = async (table: string) => {
      const rs = await rt.ch.query({ query: `SELECT count() AS n FROM ${table} WHERE x_SourceId = 'metrics-src'`, format: "JSONEachRow" });
      return Number((await rs.json<{ n: string }>())[0]!.n);
    };
    const loaded = await count("focus_billing_data");
    const quarantined = await count("focus_quarantine");
    expect(loaded).toBeGreaterThan(0);

    const s = await scrape();
    expect(valueOf(s, "abi_ingest_runs_total", { status: "succeeded" })).toBe(1);
    expect(valueOf(s, "abi_ingest_runs_total", { status: "failed" })).toBe(0);
    expect(valueOf(s, "abi_ingest_rows_total", { kind: "in" })).toBe(dataLines);
    expect(valueOf(s, "abi_ingest_rows_total", { kind: "loaded" })).toBe(loaded);
    expect(valueOf(s, "abi_ingest_rows_total", { kind: "quarantined" })).toBe(quarantined);
    expect(valueOf(s, "abi_ingest_run_duration_seconds_count", { status: "succeeded" })).toBe(1);
    expect(valueOf(s, "abi_ingest_run_duration_seconds_sum", { status: "succeeded" })).toBeGreaterThan(0);
  });

  it("counts result-cache misses on a first dashboard load and only hits on the same load again", async () => {
    const s0 = await scrape();
    const hits = (s: Sample[]) => valueOf(s, "abi_result_cache_requests_total", { result: "hit" });
    const misses = (s: Sample[]) => valueOf(s, "abi_result_cache_requests_total", { result: "miss" });
    expect((await trpcGet("overview.get", adminToken)).status).toBe(200);
    const s1 = await scrape();
    const firstLookups = hits(s1) - hits(s0) + (misses(s1) - misses(s0));
    expect(misses(s1) - misses(s0)).toBeGreaterThan(0);
    expect((await trpcGet("overview.get", adminToken)).status).toBe(200);
    const s2 = await scrape();
    expect(misses(s2)).toBe(misses(s1));
    expect(hits(s2) - hits(s1)).toBe(firstLookups);
  });

  it("reports running workflows, schedules and workers of the namespace and task queue", async () => {
    const client = new Client({ connection: await rt.temporal(), namespace: NAMESPACE });
    // No worker serves this queue: the workflow stays running with its first task waiting.
    // no-worker-workflow: a type no worker runs, so the execution stays running
    await client.workflow.start("metricsTestWaiting", { taskQueue: QUEUE, workflowId: `waiting-${process.pid}` });
    await client.schedule.create({
      scheduleId: `metrics-schedule-${process.pid}`,
      spec: { intervals: [{ every: "1 day" }] },
      // no-worker-workflow: a type no worker runs, so the execution stays running
      action: { type: "startWorkflow", workflowType: "metricsTestWaiting", taskQueue: QUEUE },
      state: { paused: true },
    });
    await expect
      .poll(async () => {
        const s = await scrape();
        return [valueOf(s, "abi_temporal_up"), valueOf(s, "abi_temporal_running_workflows"), valueOf(s, "abi_temporal_schedules"), valueOf(s, "abi_temporal_queue_workers")];
      }, { timeout: 20_000, interval: 500 })
      .toEqual([1, 1, 1, 0]);
  });
});
