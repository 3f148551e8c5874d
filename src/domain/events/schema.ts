/**
 * The JSON events ABI publishes to Kafka/Redpanda (docs/events.md). Every event carries
 * `version` (the schema version of its type, bumped on an incompatible change), `type`, a unique
 * `id` and `occurredAt`; the Kafka message key is `key` (source id, rule id or budget id).
 */
export const EVENT_SCHEMA_VERSION = 1 as const;

type Envelope<T extends string> = { version: typeof EVENT_SCHEMA_VERSION; type: T; id: string; occurredAt: string };

export type RunCurrencyTotal = { currency: string; billedCost: string; effectiveCost: string };

export type RunCompletedEvent = Envelope<"run.completed"> & {
  runId: string;
  sourceId: string;
  dataset: string;
  /** Billing months (YYYY-MM) the run replaced. */
  months: string[];
  rows: { in: number; loaded: number; quarantined: number; excluded: number };
  /** Loaded cost per billing currency (decimal strings, never floats). */
  totals: RunCurrencyTotal[];
  seconds: number;
};

export type RunFailedEvent = Envelope<"run.failed"> & {
  runId: string;
  sourceId: string;
  dataset: string;
  error: string;
  rowsIn: number;
  seconds: number;
};

export type AlertEventInput = {
  ruleId: string;
  ruleName: string;
  alertId: string;
  /** What the rule watches, e.g. "budget", "anomaly", "run-failed", "data-late". */
  kind: string;
  severity?: "info" | "warning" | "critical";
  /** The period or condition the alert is de-duplicated on, e.g. "2026-11" or a source id. */
  period: string;
  summary: string;
  /** Numbers behind the alert, e.g. { actual: "812.50", threshold: "800" }. */
  values?: Record<string, string | number>;
  link?: string;
};

export type AlertOpenedEvent = Envelope<"alert.opened"> & AlertEventInput;
export type AlertResolvedEvent = Envelope<"alert.resolved"> & AlertEventInput;

export type BudgetSnapshot = {
  budgetId: string;
  name: string;
  amount: string;
  currency: string;
  period: string;
  metric: string;
  filters: unknown;
  thresholds: unknown;
};

export type BudgetEvent = Envelope<"budget.created" | "budget.changed" | "budget.deleted"> & {
  budget: BudgetSnapshot;
  /** The definition before the change (budget.changed only). */
  before?: BudgetSnapshot;
  actor: { id: string; email: string };
};

export type AbiEvent = RunCompletedEvent | RunFailedEvent | AlertOpenedEvent | AlertResolvedEvent | BudgetEvent;
export type AbiEventType = AbiEvent["type"];

/** An event ready for the wire: its partition key and JSON value. */
export type OutgoingEvent = { key: string; event: AbiEvent };
