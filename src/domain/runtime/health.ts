import path from "node:path";
import type { ClickHouseClient } from "@clickhouse/client";
import type { Connection } from "@temporalio/client";
import type { AbiEnv } from "./env";
import { postgresVersion, type Db } from "./postgres";
import { platformObjectStore, platformObjectStoreFromEnv } from "../storage/platform-store";
import type { ObjectStore } from "../storage/object-store";
import { clickhouseProbe } from "./probes/clickhouse-probe";
import { postgresProbe } from "./probes/postgres-probe";
import { temporalProbe } from "./probes/temporal-probe";
import { storageProbe } from "./probes/storage-probe";
import { redisProbe as redisCardProbe } from "./probes/redis-probe";
import type { ProbeResult, ServiceName } from "./probes/types";

export type { ServiceName } from "./probes/types";
import { brokerHealth } from "../events/broker-health";
import { kafkaSettingsFromEnv } from "../events/kafka-client";

import type { ServiceHealth } from "./probes/types";
export type { ServiceHealth };

export type HealthReport = {
  status: "ok" | "degraded";
  checkedAt: string;
  services: Partial<Record<ServiceName, ServiceHealth>>;
};

const TIMEOUT_MS = 5_000;

async function timed(
  mode: ServiceHealth["mode"],
  probe: () => Promise<ProbeResult>,
): Promise<ServiceHealth> {
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      probe(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
      }),
    ]);
    return { ok: true, mode, latencyMs: Math.round(performance.now() - start), ...result };
  } catch (err) {
    return { ok: false, mode, latencyMs: Math.round(performance.now() - start), error: (err as Error).message.split("\n")[0] };
  } finally {
    clearTimeout(timer);
  }
}

/** Redis reachable and its version (also used by the CLI's checks). */
export async function redisProbe(url: string) {
  return redisCardProbe(url, TIMEOUT_MS);
}

/**
 * Probes every configured service (each within TIMEOUT_MS) for the infrastructure console's
 * cards: always ClickHouse, PostgreSQL, Temporal and the platform object store (a data-directory
 * folder when no S3 bucket is set); Redis when REDIS_URL is set; Redpanda/Kafka when KAFKA_BROKERS
 * is set.
 */
export async function checkHealth(deps: {
  env: AbiEnv;
  clickhouse: ClickHouseClient;
  db: Db;
  temporal: () => Promise<Connection>;
  storage?: ObjectStore;
  /** Reachability only (the public /api/health a load balancer polls): no listing, no counts. */
  livenessOnly?: boolean;
}): Promise<HealthReport> {
  const { env: e, livenessOnly } = deps;
  const target = { namespace: e.TEMPORAL_NAMESPACE, taskQueue: e.TEMPORAL_TASK_QUEUE };
  // PostgreSQL down: the env/folder store is probed, and the postgres card says why
  const storage = deps.storage ?? (await platformObjectStore({ env: e, db: deps.db }).catch(() => platformObjectStoreFromEnv(e)));
  const storageMode = storage.description.startsWith("folder") ? "embedded" : "server";
  // Liveness: each service answers its cheapest request (the same services as the cards, without details).
  const checks: [ServiceName, Promise<ServiceHealth>][] = livenessOnly
    ? [
        ["clickhouse", timed(e.clickhouseMode, async () => ({ version: (await (await deps.clickhouse.query({ query: "SELECT version() AS v", format: "JSONEachRow" })).json<{ v: string }>())[0]?.v }))],
        ["postgres", timed(e.postgresMode, async () => ({ version: (await postgresVersion(deps.db)).split(/ on |,/)[0]?.trim() }))],
        ["temporal", timed(e.temporalMode, async () => ({ version: (await (await deps.temporal()).workflowService.getSystemInfo({})).serverVersion || "unknown" }))],
        ["storage", timed(storageMode, async () => (await storage.exists("health/probe"), {}))],
      ]
    : [
        ["clickhouse", timed(e.clickhouseMode, () => clickhouseProbe(deps.clickhouse))],
        ["postgres", timed(e.postgresMode, () => postgresProbe(deps.db, { mode: e.postgresMode, pgliteDir: path.join(e.dataDir, "pglite") }))],
        ["temporal", timed(e.temporalMode, async () => temporalProbe(await deps.temporal(), target))],
        ["storage", timed(storageMode, () => storageProbe(storage))],
      ];
  if (e.REDIS_URL) checks.push(["redis", timed("server", () => redisProbe(e.REDIS_URL!))]);
  if (!livenessOnly) {
    const kafka = kafkaSettingsFromEnv(e);
    if (kafka) checks.push(["kafka", brokerHealth(kafka)]);
  }
  const results = await Promise.all(checks.map(async ([name, p]) => [name, await p] as const));
  return { status: results.every(([, h]) => h.ok) ? "ok" : "degraded", checkedAt: new Date().toISOString(), services: Object.fromEntries(results) };
}

export type Liveness = "ok" | "degraded" | "down";

/** The public answer: "down" when a store the app cannot serve without is failing. */
export function livenessOf(report: HealthReport): Liveness {
  if (report.status === "ok") return "ok";
  const essential = (["clickhouse", "postgres"] as const).every((name) => report.services[name]?.ok);
  return essential ? "degraded" : "down";
}
