/**
 * The process's Prometheus metrics (served by /api/metrics, docs/metrics.md). One registry per
 * process, even when Next's bundle and the worker loaded through tsx both import this module, so
 * the in-process worker's ingestion counters land beside the app's request counters.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { processSingleton } from "../runtime/singleton";

/** Reads the Temporal queue at scrape time; passed by the endpoint that owns a connection. */
export type QueueReading = () => Promise<{ workers: number; runningWorkflows: number; schedules: number; backlogTasks: number; backlogAgeSeconds: number }>;

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const state: { lastQueue?: Awaited<ReturnType<QueueReading>>; queueUp: boolean } = { queueUp: false };

  const trpcRequests = new Counter({
    name: "abi_trpc_requests_total",
    help: "tRPC calls by procedure, type and result code",
    labelNames: ["procedure", "type", "code"] as const,
    registers: [registry],
  });
  const trpcDuration = new Histogram({
    name: "abi_trpc_request_duration_seconds",
    help: "tRPC call latency by procedure and type",
    labelNames: ["procedure", "type"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const ingestRuns = new Counter({ name: "abi_ingest_runs_total", help: "Ingestion runs finished in this process, by status", labelNames: ["status"] as const, registers: [registry] });
  const ingestRows = new Counter({
    name: "abi_ingest_rows_total",
    help: "Rows of finished ingestion runs: read (in), loaded, quarantined, excluded",
    labelNames: ["kind"] as const,
    registers: [registry],
  });
  const ingestDuration = new Histogram({
    name: "abi_ingest_run_duration_seconds",
    help: "Duration of finished ingestion runs, by status",
    labelNames: ["status"] as const,
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [registry],
  });
  const cacheRequests = new Counter({
    name: "abi_result_cache_requests_total",
    help: "Analytics result cache look-ups, by result (hit or miss)",
    labelNames: ["result"] as const,
    registers: [registry],
  });
  // Temporal is read once per scrape, before the registry collects (metricsText), and shared.
  const queueGauge = (name: string, help: string, pick: (q: NonNullable<typeof state.lastQueue>) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        if (state.lastQueue) this.set(pick(state.lastQueue));
        else this.reset();
      },
    });
  queueGauge("abi_temporal_running_workflows", "Workflow executions running in the namespace", (q) => q.runningWorkflows);
  queueGauge("abi_temporal_queue_workers", "Workers polling the workflow task queue", (q) => q.workers);
  queueGauge("abi_temporal_queue_backlog_tasks", "Tasks waiting in the workflow and activity task queues (queue lag)", (q) => q.backlogTasks);
  queueGauge("abi_temporal_queue_backlog_age_seconds", "Age of the oldest waiting task (queue lag)", (q) => q.backlogAgeSeconds);
  queueGauge("abi_temporal_schedules", "Schedules in the namespace", (q) => q.schedules);
  new Gauge({
    name: "abi_temporal_up",
    help: "1 when the last scrape could read Temporal",
    registers: [registry],
    collect() {
      this.set(state.queueUp ? 1 : 0);
    },
  });
  return { registry, state, trpcRequests, trpcDuration, ingestRuns, ingestRows, ingestDuration, cacheRequests };
}

export const metrics = () => processSingleton("metrics", create);

export function observeTrpcCall(procedure: string, type: string, code: string, seconds: number): void {
  const m = metrics();
  m.trpcRequests.inc({ procedure, type, code });
  m.trpcDuration.observe({ procedure, type }, seconds);
}

export function observeResultCache(hit: boolean): void {
  metrics().cacheRequests.inc({ result: hit ? "hit" : "miss" });
}

export async function resultCacheCounts(): Promise<{ hits: number; misses: number }> {
  const values = (await metrics().cacheRequests.get()).values;
  const of = (result: string) => values.find((v) => v.labels.result === result)?.value ?? 0;
  return { hits: of("hit"), misses: of("miss") };
}

export function observeIngestRun(run: { status: "succeeded" | "failed"; seconds: number; rowsIn: number; loaded: number; quarantined: number; excluded: number }): void {
  const m = metrics();
  m.ingestRuns.inc({ status: run.status });
  m.ingestDuration.observe({ status: run.status }, run.seconds);
  m.ingestRows.inc({ kind: "in" }, run.rowsIn);
  m.ingestRows.inc({ kind: "loaded" }, run.loaded);
  m.ingestRows.inc({ kind: "quarantined" }, run.quarantined);
  m.ingestRows.inc({ kind: "excluded" }, run.excluded);
}

/** The scrape's text; readQueue (from the endpoint, which owns the runtime's connection) is read first. */
export async function metricsText(readQueue?: QueueReading): Promise<{ body: string; contentType: string }> {
  const { registry, state } = metrics();
  state.lastQueue = readQueue ? await readQueue().catch(() => undefined) : undefined;
  state.queueUp = Boolean(state.lastQueue);
  return { body: await registry.metrics(), contentType: registry.contentType };
}
