/** What one service probe reports besides ok/latency: its version and the card's details. */
export type ProbeDetails = Record<string, string | number | boolean>;
export type ProbeResult = { version?: string; details?: ProbeDetails };

/**
 * Every service the infrastructure console can show. "kafka" is the slot for the Redpanda/Kafka
 * card (brokers, topics) that is added with KAFKA_BROKERS: checkHealth takes its probe as a
 * dependency, so the card appears once a probe is passed.
 */
export const SERVICE_NAMES = ["clickhouse", "postgres", "temporal", "storage", "redis", "kafka"] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
export type KafkaProbe = () => Promise<ProbeResult & { details?: { brokers: number; topics: number } & ProbeDetails }>;

/** One service's card: whether it answered, how fast, its version and details, or the error. */
export type ServiceHealth = {
  ok: boolean;
  mode: "embedded" | "server";
  version?: string;
  latencyMs: number;
  error?: string;
  details?: Record<string, string | number | boolean>;
};
