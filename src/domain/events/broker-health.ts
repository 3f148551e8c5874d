/**
 * The Kafka/Redpanda broker's health for the infrastructure console: brokers, controller, whether
 * ABI's topic exists, and this process's publisher counters. Same shape as the other services.
 */
import type { ServiceHealth } from "../runtime/probes/types";
import { eventStats } from "./bus";
import { kafkaClient, type KafkaSettings } from "./kafka-client";

const TIMEOUT_MS = 5_000;

export async function brokerHealth(settings: KafkaSettings): Promise<ServiceHealth> {
  const start = performance.now();
  const admin = kafkaClient(settings, { clientId: `${settings.clientId}-health` }).admin();
  let timer: NodeJS.Timeout | undefined;
  try {
    const probe = (async () => {
      await admin.connect();
      const cluster = await admin.describeCluster();
      const topics = await admin.listTopics();
      return { cluster, topics };
    })();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
    });
    const { cluster, topics } = await Promise.race([probe, timeout]);
    const stats = eventStats();
    const details: Record<string, string | number | boolean> = {
      clusterId: cluster.clusterId,
      brokers: cluster.brokers.length,
      controller: cluster.controller ?? -1,
      topic: settings.topic,
      topicExists: topics.includes(settings.topic),
      topics: topics.filter((t) => !t.startsWith("__")).length,
    };
    if (stats) Object.assign(details, { published: stats.published, failedAttempts: stats.failedAttempts, dropped: stats.dropped, buffered: stats.buffered });
    return { ok: true, mode: "server", latencyMs: Math.round(performance.now() - start), details };
  } catch (err) {
    return { ok: false, mode: "server", latencyMs: Math.round(performance.now() - start), error: (err as Error).message.split("\n")[0] };
  } finally {
    clearTimeout(timer);
    await admin.disconnect().catch(() => undefined);
  }
}
