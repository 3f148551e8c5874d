import { eq } from "drizzle-orm";
import { budgets } from "../db/schema";
import { budgetStatus } from "../analytics/budgets";
import { dec } from "../analytics/decimal";
import { hasAllData } from "../access/resolve-access";
import type { RuleParams } from "./rule-params";
import { money, NOT_CONCERNED, type Evaluation, type EvaluationContext } from "./evaluation-types";

/**
 * Budget used (actual) or forecast at or above a % of its amount, computed in the rule owner's
 * scope (the numbers are the owner's view of the budget). One alert per budget period.
 */
export async function evaluateBudget(ctx: EvaluationContext, p: RuleParams<"budget">): Promise<Evaluation> {
  const [b] = await ctx.rt.db.select().from(budgets).where(eq(budgets.id, p.budgetId));
  // A budget the owner can no longer see (deleted, or another's while scoped) says nothing.
  if (!b || (!hasAllData(ctx.access) && b.createdBy !== ctx.access.userId)) return NOT_CONCERNED;
  const status = await budgetStatus({ ch: ctx.rt.ch, scope: ctx.access.scope }, { ...b, amount: String(b.amount) });
  const key = `${p.basis}>=${p.thresholdPct}`;
  if (!status.period) return { firing: [], clears: (a) => a.conditionKey === key };
  const value = p.basis === "actual" ? status.actual : status.forecast?.mean ?? status.actual;
  const pct = dec.ratio(value, status.amount);
  const firing = pct !== null && pct * 100 >= p.thresholdPct;
  const numbers = [
    { label: "Actual", value: money(dec.round(status.actual, 2), b.currency) },
    ...(status.forecast ? [{ label: "Forecast", value: money(status.forecast.mean, b.currency) }] : []),
    { label: "Budget", value: money(dec.round(status.amount, 2), b.currency) },
    { label: p.basis === "actual" ? "Used" : "Forecast of budget", value: `${((pct ?? 0) * 100).toFixed(1)} %` },
    { label: "Threshold", value: `${p.thresholdPct} %` },
    { label: "Period", value: `${status.period.start} – ${status.period.end} (data to ${status.asOf})` },
  ];
  const title = `Budget "${b.name}": ${p.basis === "actual" ? "spend" : "forecast"} at ${((pct ?? 0) * 100).toFixed(1)} % (threshold ${p.thresholdPct} %)`;
  return {
    firing: firing ? [{ key, period: status.period.start, title, numbers, page: `/budgets?budget=${b.id}` }] : [],
    clears: (a) => a.conditionKey === key,
    current: numbers,
  };
}
