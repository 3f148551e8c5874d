/**
 * The one place alert state changes are announced (issue 13, item 4: the event stream attaches
 * its publisher here with `onAlertEvent`). Every opened, reopened and resolved alert goes through
 * `emitAlertEvent`, after its row is written, and goes to the event stream (Kafka, when
 * KAFKA_BROKERS is set; docs/events.md) before any hook runs.
 */
import { publishAlertEvent } from "../events/bus";

export type AlertEvent = {
  type: "alert.opened" | "alert.resolved";
  alertId: string;
  ruleId: string;
  ruleName: string;
  ruleKind: string;
  conditionKey: string;
  period: string;
  title: string;
  numbers: { label: string; value: string }[];
  scope: string;
  link: string;
  at: string;
};

export type AlertEventHook = (event: AlertEvent) => Promise<void>;

const hooks: AlertEventHook[] = [];

/** Registers a hook; returns the function that removes it. */
export function onAlertEvent(hook: AlertEventHook): () => void {
  hooks.push(hook);
  return () => {
    const i = hooks.indexOf(hook);
    if (i >= 0) hooks.splice(i, 1);
  };
}

/**
 * Calls every hook. A failing hook does not undo the alert or stop delivery: its error is logged
 * (the alert is in PostgreSQL either way).
 */
export async function emitAlertEvent(event: AlertEvent): Promise<void> {
  // Buffered and sent in the background: a broker that is down never holds up an alert.
  publishAlertEvent(event.type, {
    ruleId: event.ruleId,
    ruleName: event.ruleName,
    alertId: event.alertId,
    kind: event.ruleKind,
    period: event.period,
    summary: event.title,
    values: Object.fromEntries(event.numbers.map((n) => [n.label, n.value])),
    link: event.link,
  });
  for (const hook of [...hooks]) {
    await hook(event).catch((e: unknown) => console.error(`alert event hook failed for ${event.type} ${event.alertId}:`, e));
  }
}
