/**
 * The process's event stream: one KafkaEventPublisher when KAFKA_BROKERS is set, nothing
 * otherwise. The publish helpers below are what the rest of ABI calls; none of them throws or
 * waits for the broker.
 */
import crypto from "node:crypto";
import { env } from "../runtime/env";
import type { IngestReport } from "../ingest/types";
import { kafkaSettingsFromEnv } from "./kafka-client";
import { KafkaEventPublisher, type PublisherStats } from "./publisher";
import { EVENT_SCHEMA_VERSION, type AbiEvent, type AlertEventInput, type BudgetSnapshot, type OutgoingEvent } from "./schema";

let current: KafkaEventPublisher | null | undefined;
let exitHookInstalled = false;

/** The publisher configured from the environment, or null when the event stream is off. */
export function eventPublisher(): KafkaEventPublisher | null {
  if (current === undefined) {
    let settings;
    try {
      settings = kafkaSettingsFromEnv(env());
    } catch (err) {
      console.warn(`events: the event stream is off: ${(err as Error).message}`);
      settings = undefined;
    }
    current = settings ? new KafkaEventPublisher(settings) : null;
    if (current) installExitFlush();
  }
  return current;
}

/** Tests and shutdown: close the publisher (after a bounded flush) and re-read the environment next time. */
export async function resetEventPublisher(flushMs = 0): Promise<void> {
  const p = current;
  current = undefined;
  if (p) {
    if (flushMs > 0) await p.flush(flushMs);
    await p.close();
  }
}

export function eventStats(): PublisherStats | null {
  return current ? current.stats() : null;
}

/** Short-lived processes (the CLI) send what is buffered before they exit, for at most 5 s. */
function installExitFlush(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  let done = false;
  process.on("beforeExit", () => {
    if (done || !current || current.stats().buffered === 0) return;
    done = true;
    void current.flush(5_000).then(() => current?.close());
  });
}

function envelope<T extends AbiEvent["type"]>(type: T) {
  return { version: EVENT_SCHEMA_VERSION, type, id: crypto.randomUUID(), occurredAt: new Date().toISOString() };
}

function send(e: OutgoingEvent): void {
  try {
    eventPublisher()?.publish(e);
  } catch (err) {
    console.warn(`events: could not queue ${e.event.type}: ${(err as Error).message}`);
  }
}

/** run.completed / run.failed, keyed by source id. */
export function publishRunEvent(report: IngestReport, error?: string): void {
  if (error !== undefined) {
    send({
      key: report.sourceId,
      event: { ...envelope("run.failed"), runId: report.runId, sourceId: report.sourceId, dataset: report.dataset, error, rowsIn: report.rows.in, seconds: report.seconds },
    });
    return;
  }
  send({
    key: report.sourceId,
    event: {
      ...envelope("run.completed"),
      runId: report.runId,
      sourceId: report.sourceId,
      dataset: report.dataset,
      months: report.months.map((m) => m.slice(0, 7)), // billing-period starts (YYYY-MM-01) → YYYY-MM
      rows: { ...report.rows },
      totals: report.totals.map((t) => ({ currency: t.currency, billedCost: t.billedCost, effectiveCost: t.effectiveCost })),
      seconds: report.seconds,
    },
  });
}

/** alert.opened / alert.resolved, keyed by rule id (called by the alert evaluator). */
export function publishAlertEvent(type: "alert.opened" | "alert.resolved", alert: AlertEventInput): void {
  send({ key: alert.ruleId, event: { ...envelope(type), ...alert } });
}

type BudgetRowLike = { id: string; name: string; amount: string | number; currency: string; period: string; metric: string; filters: unknown; thresholds: unknown };

const snapshot = (b: BudgetRowLike): BudgetSnapshot => ({
  budgetId: b.id, name: b.name, amount: String(b.amount), currency: b.currency, period: b.period, metric: b.metric, filters: b.filters, thresholds: b.thresholds,
});

/** budget.created / budget.changed / budget.deleted, keyed by budget id. */
export function publishBudgetEvent(
  type: "budget.created" | "budget.changed" | "budget.deleted",
  budget: BudgetRowLike,
  actor: { id: string; email: string },
  before?: BudgetRowLike,
): void {
  send({ key: budget.id, event: { ...envelope(type), budget: snapshot(budget), ...(before ? { before: snapshot(before) } : {}), actor } });
}
