/**
 * Evaluates alert rules (docs/alerts.md): each enabled rule with its OWNER's access (role and
 * billing scope from resolveAccess, so the numbers are only from their scope), then writes the
 * outcome: a new alert per (rule, condition, period), nothing for one already open or
 * acknowledged (re-ingesting the same month does not alert again), a resolved one reopened, and
 * unresolved alerts whose condition cleared resolved. Returns what must be delivered.
 */
import { and, eq, inArray, ne } from "drizzle-orm";
import { alertRules, alerts, type AlertRuleKind } from "../db/schema";
import { AccessError } from "../access/errors";
import { hasAllData, resolveAccess, type Access } from "../access/resolve-access";
import type { Runtime } from "../runtime";
import { emitAlertEvent, type AlertEvent } from "./alert-events";
import { evaluateAnomaly } from "./evaluate-anomaly";
import { evaluateBudget } from "./evaluate-budget";
import { evaluateDataLate, evaluateRestatement, evaluateRunFailed, evaluateServiceUnhealthy, evaluateValidationFailures, probeHealth } from "./evaluate-platform";
import type { Evaluation, EvaluationContext, EvaluationTrigger } from "./evaluation-types";
import { parseRuleParams, PLATFORM_KINDS } from "./rule-params";
import { scopeLabel } from "./scope-label";

export type AlertRuleRow = typeof alertRules.$inferSelect;
export type AlertRow = typeof alerts.$inferSelect;
/** One message to deliver: an alert opened (or reopened) or resolved, to one of its rule's channels. */
export type PendingDelivery = { alertId: string; channelId: string; event: "opened" | "resolved" };

export async function evaluateRule(ctx: EvaluationContext, rule: Pick<AlertRuleRow, "kind" | "params">): Promise<Evaluation> {
  const kind: AlertRuleKind = rule.kind;
  switch (kind) {
    case "budget": return evaluateBudget(ctx, parseRuleParams("budget", rule.params));
    case "anomaly": return evaluateAnomaly(ctx, parseRuleParams("anomaly", rule.params));
    case "run_failed": return evaluateRunFailed(ctx, parseRuleParams("run_failed", rule.params));
    case "data_late": return evaluateDataLate(ctx, parseRuleParams("data_late", rule.params));
    case "restatement": return evaluateRestatement(ctx, parseRuleParams("restatement", rule.params));
    case "validation_failures": return evaluateValidationFailures(ctx, parseRuleParams("validation_failures", rule.params));
    case "service_unhealthy": return evaluateServiceUnhealthy(ctx, parseRuleParams("service_unhealthy", rule.params));
  }
}

/** The owner's access, or why the rule cannot be evaluated for them now (disabled, lost the role or the data). */
async function ownerAccess(resolve: (ownerId: string) => Promise<Access>, rule: Pick<AlertRuleRow, "ownerId" | "kind">) {
  try {
    const access = await resolve(rule.ownerId);
    if (access.role === "viewer") return { skip: "the owner is no longer an analyst" } as const;
    if (PLATFORM_KINDS.includes(rule.kind) && !hasAllData(access)) return { skip: "the owner no longer has access to all billing data" } as const;
    return { access } as const;
  } catch (e) {
    if (e instanceof AccessError) return { skip: e.message } as const;
    throw e;
  }
}

export type EvaluationOutcome = { rules: number; opened: string[]; resolved: string[]; skipped: { ruleId: string; why: string }[]; deliveries: PendingDelivery[] };

export async function evaluateAlertRules(rt: Runtime, trigger: EvaluationTrigger, now = new Date(), only?: { ruleIds?: string[] }): Promise<EvaluationOutcome> {
  const rules = await rt.db.select().from(alertRules).where(only?.ruleIds ? and(eq(alertRules.enabled, true), inArray(alertRules.id, only.ruleIds)) : eq(alertRules.enabled, true));
  const out: EvaluationOutcome = { rules: rules.length, opened: [], resolved: [], skipped: [], deliveries: [] };
  // One owner usually has several rules: their access is resolved once per evaluation.
  const accessOf = new Map<string, Promise<Access>>();
  const resolve = (ownerId: string) => {
    let p = accessOf.get(ownerId);
    if (!p) accessOf.set(ownerId, (p = resolveAccess(rt.db, ownerId)));
    return p;
  };
  let report: ReturnType<typeof probeHealth> | undefined;
  const health = () => (report ??= probeHealth(rt));
  for (const rule of rules) {
    const owner = await ownerAccess(resolve, rule);
    if ("skip" in owner) {
      out.skipped.push({ ruleId: rule.id, why: owner.skip ?? "" });
      continue;
    }
    const evaluation = await evaluateRule({ rt, access: owner.access, trigger, now, health }, rule).catch((e: unknown) => {
      // One broken rule must not stop the others; the log says which and why.
      console.error(`alert rule ${rule.id} (${rule.name}) could not be evaluated:`, e);
      out.skipped.push({ ruleId: rule.id, why: (e as Error).message });
      return null;
    });
    if (!evaluation) continue;
    await applyEvaluation(rt, rule, scopeLabel(owner.access.scope), evaluation, now, out);
  }
  return out;
}

async function applyEvaluation(rt: Runtime, rule: AlertRuleRow, scope: string, evaluation: Evaluation, now: Date, out: EvaluationOutcome) {
  const existing = await rt.db.select().from(alerts).where(eq(alerts.ruleId, rule.id));
  const byKey = new Map(existing.map((a) => [`${a.conditionKey}\u0000${a.period}`, a]));
  const firingKeys = new Set<string>();
  const events: AlertEvent[] = [];
  for (const f of evaluation.firing) {
    const k = `${f.key}\u0000${f.period}`;
    firingKeys.add(k);
    const link = new URL(f.page, rule.linkOrigin).toString();
    const prior = byKey.get(k);
    let row: AlertRow | undefined;
    if (!prior) {
      // ON CONFLICT: two evaluations at once (a run finishing during the schedule) open it once.
      [row] = await rt.db
        .insert(alerts)
        .values({ ruleId: rule.id, conditionKey: f.key, period: f.period, title: f.title, numbers: f.numbers, scope, link, openedAt: now, lastSeenAt: now })
        .onConflictDoNothing()
        .returning();
    } else if (prior.state === "resolved") {
      [row] = await rt.db
        .update(alerts)
        .set({ state: "open", title: f.title, numbers: f.numbers, scope, link, openedAt: now, lastSeenAt: now, resolvedAt: null, acknowledgedAt: null, acknowledgedBy: null })
        .where(and(eq(alerts.id, prior.id), eq(alerts.state, "resolved")))
        .returning();
    } else {
      // Still holds: keep the latest numbers on the page, tell nobody again.
      await rt.db.update(alerts).set({ title: f.title, numbers: f.numbers, scope, lastSeenAt: now }).where(eq(alerts.id, prior.id));
    }
    if (row) events.push(event("alert.opened", rule, row, now));
  }
  for (const a of existing) {
    if (a.state === "resolved" || firingKeys.has(`${a.conditionKey}\u0000${a.period}`) || !evaluation.clears(a)) continue;
    const [row] = await rt.db.update(alerts).set({ state: "resolved", resolvedAt: now }).where(and(eq(alerts.id, a.id), ne(alerts.state, "resolved"))).returning();
    if (row) events.push(event("alert.resolved", rule, row, now));
  }
  for (const e of events) {
    (e.type === "alert.opened" ? out.opened : out.resolved).push(e.alertId);
    for (const channelId of rule.channelIds) out.deliveries.push({ alertId: e.alertId, channelId, event: e.type === "alert.opened" ? "opened" : "resolved" });
    await emitAlertEvent(e);
  }
}

function event(type: AlertEvent["type"], rule: AlertRuleRow, a: AlertRow, now: Date): AlertEvent {
  return {
    type, alertId: a.id, ruleId: rule.id, ruleName: rule.name, ruleKind: rule.kind, conditionKey: a.conditionKey, period: a.period,
    title: a.title, numbers: a.numbers, scope: a.scope, link: a.link, at: now.toISOString(),
  };
}
