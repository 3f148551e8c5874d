/** kafkajs clients built from the environment (KAFKA_* in docs/events.md). */
import { Kafka, logLevel, type KafkaConfig, type ProducerConfig, type SASLOptions } from "kafkajs";
import type { AbiEnv } from "../runtime/env";

export type KafkaSettings = {
  brokers: string[];
  topic: string;
  clientId: string;
  ssl: boolean;
  sasl?: { mechanism: "plain" | "scram-sha-256" | "scram-sha-512"; username: string; password: string };
};

type KafkaEnv = Pick<AbiEnv, "KAFKA_BROKERS" | "KAFKA_TOPIC" | "KAFKA_CLIENT_ID" | "KAFKA_SSL" | "KAFKA_SASL_MECHANISM" | "KAFKA_SASL_USERNAME" | "KAFKA_SASL_PASSWORD">;

/** The Kafka settings, or undefined when KAFKA_BROKERS is not set (no event stream). */
export function kafkaSettingsFromEnv(e: KafkaEnv): KafkaSettings | undefined {
  if (!e.KAFKA_BROKERS) return undefined;
  const sasl = e.KAFKA_SASL_MECHANISM && e.KAFKA_SASL_USERNAME && e.KAFKA_SASL_PASSWORD
    ? { mechanism: e.KAFKA_SASL_MECHANISM, username: e.KAFKA_SASL_USERNAME, password: e.KAFKA_SASL_PASSWORD }
    : undefined;
  return {
    brokers: e.KAFKA_BROKERS.split(",").map((b) => b.trim()).filter(Boolean),
    topic: e.KAFKA_TOPIC ?? "abi.events",
    clientId: e.KAFKA_CLIENT_ID ?? "abi",
    ssl: e.KAFKA_SSL === "1",
    sasl,
  };
}

/**
 * Short timeouts and few client-level retries: the publisher retries on its own schedule, and a
 * broker that is down must cost an ingestion nothing.
 */
export function kafkaClient(s: KafkaSettings, opts: { clientId?: string } = {}): Kafka {
  const config: KafkaConfig = {
    clientId: opts.clientId ?? s.clientId,
    brokers: s.brokers,
    ssl: s.ssl,
    sasl: s.sasl as SASLOptions | undefined,
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2_000 },
    logLevel: logLevel.NOTHING, // failures reach the publisher as rejections and are logged there once
  };
  return new Kafka(config);
}

/**
 * Idempotent producer: the broker de-duplicates a retried batch by producer id and sequence, so a
 * retry after a lost acknowledgement does not write an event twice. kafkajs requires acks=all
 * (sent with every batch) and at most 1 request in flight to keep that guarantee with ordering.
 */
export const producerConfig: ProducerConfig = Object.freeze({
  idempotent: true,
  maxInFlightRequests: 1,
  allowAutoTopicCreation: false,
  retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
});
