/** What one service probe reports besides ok/latency: its version and the card's details. */
export type ProbeDetails = Record<string, string | number | boolean>;
export type ProbeResult = { version?: string; details?: ProbeDetails };

/** Every service the infrastructure console can show ("kafka": the Redpanda/Kafka card, with KAFKA_BROKERS). */
export const SERVICE_NAMES = ["clickhouse", "postgres", "temporal", "storage", "redis", "kafka"] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** One service's card: whether it answered, how fast, its version and details, or the error. */
export type ServiceHealth = {
  ok: boolean;
  mode: "embedded" | "server";
  version?: string;
  latencyMs: number;
  error?: string;
  details?: Record<string, string | number | boolean>;
};
