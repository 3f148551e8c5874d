import { Context } from "@temporalio/activity";
import type { Runtime } from "../../src/domain/runtime";
import { evaluateAlertRules, type PendingDelivery } from "../../src/domain/alerts/evaluate-rules";
import { deliverAlert } from "../../src/domain/alerts/deliver";
import type { EvaluationTrigger } from "../../src/domain/alerts/evaluation-types";

export function createAlertActivities(rt: Runtime) {
  return {
    async evaluateAlertRules(trigger: EvaluationTrigger) {
      const out = await evaluateAlertRules(rt, trigger);
      return { opened: out.opened.length, resolved: out.resolved.length, skipped: out.skipped, deliveries: out.deliveries };
    },
    /** One attempt per activity attempt: the delivery log's attempt number is Temporal's. */
    async deliverAlert(d: PendingDelivery) {
      return deliverAlert(rt, d, Context.current().info.attempt);
    },
  };
}
