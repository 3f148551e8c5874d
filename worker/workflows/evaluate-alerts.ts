import { proxyActivities } from "@temporalio/workflow";
import type { Activities } from "../activities";
import type { EvaluationTrigger } from "../../src/domain/alerts/evaluation-types";

const { evaluateAlertRules } = proxyActivities<Activities>({ startToCloseTimeout: "10 minutes", retry: { maximumAttempts: 3 } });

/** Deliveries back off 2 s, 4 s, 8 s, … up to 6 attempts; a refused delivery (no channel) is final. */
const { deliverAlert } = proxyActivities<Activities>({
  startToCloseTimeout: "1 minute",
  retry: { maximumAttempts: 6, initialInterval: "2 seconds", backoffCoefficient: 2, maximumInterval: "5 minutes", nonRetryableErrorTypes: ["DeliveryRefusedError"] },
});

/** Evaluates the alert rules (after a run, or every 15 minutes) and delivers what opened or resolved. */
export async function evaluateAlerts(trigger: EvaluationTrigger) {
  const outcome = await evaluateAlertRules(trigger);
  const results = await Promise.allSettled(outcome.deliveries.map((d) => deliverAlert(d)));
  return { ...outcome, delivered: results.filter((r) => r.status === "fulfilled").length, failed: results.filter((r) => r.status === "rejected").length };
}
