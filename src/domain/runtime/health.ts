import { createClient } from "redis";
import { S3Client, HeadBucketCommand, ListBucketsCommand } from "@aws-sdk/client-s3";
import type { ClickHouseClient } from "@clickhouse/client";
import type { Connection } from "@temporalio/client";
import type { AbiEnv } from "./env";
import { postgresVersion, type Db } from "./postgres";
import { brokerHealth } from "../events/broker-health";
import { kafkaSettingsFromEnv } from "../events/kafka-client";

export type ServiceHealth = {
  ok: boolean;
  mode: "embedded" | "server";
  version?: string;
  latencyMs: number;
  error?: string;
  details?: Record<string, string | number | boolean>;
};

export type HealthReport = {
  status: "ok" | "degraded";
  checkedAt: string;
  services: Record<string, ServiceHealth>;
};

const TIMEOUT_MS = 5_000;

async function timed(
  mode: ServiceHealth["mode"],
  probe: () => Promise<{ version?: string; details?: ServiceHealth["details"] }>,
): Promise<ServiceHealth> {
  const start = performance.now();
  try {
    const result = await Promise.race([
      probe(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS)),
    ]);
    return { ok: true, mode, latencyMs: Math.round(performance.now() - start), ...result };
  } catch (err) {
    return { ok: false, mode, latencyMs: Math.round(performance.now() - start), error: (err as Error).message.split("\n")[0] };
  }
}

async function clickhouseProbe(ch: ClickHouseClient) {
  const rs = await ch.query({ query: "SELECT version() AS v", format: "JSONEachRow" });
  const [row] = await rs.json<{ v: string }>();
  return { version: row?.v };
}

async function postgresProbe(db: Db) {
  const full = await postgresVersion(db);
  return { version: full.split(/ on |,/)[0]?.trim() };
}

async function temporalProbe(connection: Connection, e: AbiEnv) {
  const info = await connection.workflowService.getSystemInfo({});
  const queue = await connection.workflowService.describeTaskQueue({
    namespace: e.TEMPORAL_NAMESPACE,
    taskQueue: { name: e.TEMPORAL_TASK_QUEUE },
    taskQueueType: 1, // workflow task queue
  });
  return {
    version: info.serverVersion || "unknown",
    details: { namespace: e.TEMPORAL_NAMESPACE, taskQueue: e.TEMPORAL_TASK_QUEUE, workers: queue.pollers?.length ?? 0 },
  };
}

export async function redisProbe(url: string) {
  const client = createClient({ url, socket: { connectTimeout: TIMEOUT_MS, reconnectStrategy: false } });
  client.on("error", () => undefined); // surfaced through connect()/info() rejections
  try {
    await client.connect();
    const info = await client.info("server");
    return { version: /redis_version:([^\r\n]+)/.exec(info)?.[1] };
  } finally {
    client.destroy();
  }
}

async function s3Probe(e: AbiEnv) {
  const s3 = new S3Client({
    endpoint: e.S3_ENDPOINT,
    region: e.S3_REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: e.S3_ACCESS_KEY_ID ?? "", secretAccessKey: e.S3_SECRET_ACCESS_KEY ?? "" },
  });
  try {
    if (e.S3_BUCKET) await s3.send(new HeadBucketCommand({ Bucket: e.S3_BUCKET }));
    else await s3.send(new ListBucketsCommand({}));
    const details: Record<string, string> = e.S3_BUCKET ? { bucket: e.S3_BUCKET } : {};
    return { details };
  } finally {
    s3.destroy();
  }
}

export async function checkHealth(deps: {
  env: AbiEnv;
  clickhouse: ClickHouseClient;
  db: Db;
  temporal: () => Promise<Connection>;
}): Promise<HealthReport> {
  const { env: e } = deps;
  const checks: [string, Promise<ServiceHealth>][] = [
    ["clickhouse", timed(e.clickhouseMode, () => clickhouseProbe(deps.clickhouse))],
    ["postgres", timed(e.postgresMode, () => postgresProbe(deps.db))],
    ["temporal", timed(e.temporalMode, async () => temporalProbe(await deps.temporal(), e))],
  ];
  if (e.S3_ENDPOINT) checks.push(["s3", timed("server", () => s3Probe(e))]);
  if (e.REDIS_URL) checks.push(["redis", timed("server", () => redisProbe(e.REDIS_URL!))]);
  const kafka = kafkaSettingsFromEnv(e);
  if (kafka) checks.push(["kafka", brokerHealth(kafka)]);
  const results = await Promise.all(checks.map(async ([name, p]) => [name, await p] as const));
  const services = Object.fromEntries(results);
  return {
    status: results.every(([, h]) => h.ok) ? "ok" : "degraded",
    checkedAt: new Date().toISOString(),
    services,
  };
}

export type Liveness = "ok" | "degraded" | "down";

/** The public answer: "down" when a store the app cannot serve without is failing. */
export function livenessOf(report: HealthReport): Liveness {
  if (report.status === "ok") return "ok";
  const essential = ["clickhouse", "postgres"].every((name) => report.services[name]?.ok);
  return essential ? "degraded" : "down";
}
