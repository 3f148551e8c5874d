import { bigserial, boolean, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * One health probe result per service per minute (the infrastructure console's 24 h history).
 * Rows older than 24 h are deleted when new samples are written (src/domain/runtime/health-history.ts).
 */
export const serviceHealthSamples = pgTable(
  "service_health_samples",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    service: text("service").notNull(),
    ok: boolean("ok").notNull(),
    latencyMs: integer("latency_ms").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("service_health_samples_service_at_idx").on(t.service, t.at), index("service_health_samples_at_idx").on(t.at)],
);
