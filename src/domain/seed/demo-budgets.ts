/**
 * Demo budgets (issue 14 "Found"): after `abi seed`, one budget per scope level a budget can
 * filter on — billing account, subscription, resource group and a tag — sized from the seeded
 * data so the budgets page shows variance on first look: one over budget, one whose forecast
 * crosses a threshold, two comfortably under. Existing budgets with the same name are kept.
 */
import type { ClickHouseClient } from "@clickhouse/client";
import { eq } from "drizzle-orm";
import { recordAudit } from "../audit/record";
import { budgets, type BudgetFilter } from "../db/schema";
import type { Db } from "../runtime/postgres";

export type DemoBudget = { name: string; level: string; filters: BudgetFilter[]; amount: string; currency: string; period: "monthly" | "quarterly"; thresholds: number[] };

type Pick = { value: string; currency: string; mtd: string; prev: string };

async function rows<T>(ch: ClickHouseClient, query: string, params: Record<string, unknown>): Promise<T[]> {
  const rs = await ch.query({ query, query_params: params, format: "JSONEachRow" });
  return rs.json<T>();
}

/** The costliest value of `expr` over the data: its month-to-date and previous-month cost. */
async function costliest(ch: ClickHouseClient, expr: string, where: string, params: Record<string, unknown>): Promise<Pick | null> {
  const [r] = await rows<Pick>(
    ch,
    `WITH (SELECT toDate(max(ChargePeriodStart)) FROM focus_billing_data) AS last_day
SELECT ${expr} AS value, BillingCurrency AS currency,
  toString(sumIf(EffectiveCost, toStartOfMonth(ChargePeriodStart) = toStartOfMonth(last_day))) AS mtd,
  toString(sumIf(EffectiveCost, toStartOfMonth(ChargePeriodStart) = addMonths(toStartOfMonth(last_day), -1))) AS prev
FROM focus_billing_data WHERE ChargeCategory = 'Usage' AND ${where}
GROUP BY value, currency HAVING value != '' ORDER BY sum(EffectiveCost) DESC LIMIT 1`,
    params,
  );
  return r && Number(r.mtd) > 0 ? r : null;
}

/** A month's expected cost: last month's, or this month's to date when there is no last month. */
const monthly = (p: Pick) => Math.max(Number(p.prev), Number(p.mtd));
const whole = (x: number) => String(Math.max(1, Math.round(x)));

/** The four demo budgets for the data in ClickHouse (none when there is no data). */
export async function planDemoBudgets(ch: ClickHouseClient): Promise<DemoBudget[]> {
  const out: DemoBudget[] = [];
  const account = await costliest(ch, "BillingAccountId", "1", {});
  if (account) {
    // the forecast runs a little over the amount: forecast crosses 100 % while the actual may not
    out.push({ name: "Demo: enrollment (forecast over)", level: "billing account", filters: [{ dim: "BillingAccountId", op: "in", values: [account.value] }], amount: whole(monthly(account) * 0.95), currency: account.currency, period: "monthly", thresholds: [80, 100, 120] });
  }
  const sub = await costliest(ch, "ifNull(SubAccountName, '')", "1", {});
  if (sub) {
    // already over: the amount is under the month-to-date actual
    out.push({ name: `Demo: ${sub.value} (over budget)`, level: "subscription", filters: [{ dim: "SubAccountName", op: "in", values: [sub.value] }], amount: whole(Number(sub.mtd) * 0.75), currency: sub.currency, period: "monthly", thresholds: [80, 100] });
    const rg = await costliest(ch, "ifNull(x_ResourceGroupName, '')", "ifNull(SubAccountName, '') != {sub:String}", { sub: sub.value });
    if (rg) {
      out.push({ name: `Demo: ${rg.value} (under budget)`, level: "resource group", filters: [{ dim: "x_ResourceGroupName", op: "in", values: [rg.value] }], amount: whole(monthly(rg) * 2), currency: rg.currency, period: "monthly", thresholds: [50, 80, 100] });
    }
  }
  const tag = await costliest(ch, "JSONExtractString(ifNull(Tags, '{}'), 'app')", "1", {});
  if (tag) {
    out.push({ name: `Demo: app=${tag.value} (quarter)`, level: "tag", filters: [{ dim: "tag:app", op: "in", values: [tag.value] }], amount: whole(monthly(tag) * 3 * 1.25), currency: tag.currency, period: "quarterly", thresholds: [80, 100] });
  }
  return out;
}

/** Creates the demo budgets that do not exist yet (by name), each audited as made by `abi seed`. */
export async function seedDemoBudgets(ch: ClickHouseClient, db: Db): Promise<string[]> {
  const created: string[] = [];
  for (const b of await planDemoBudgets(ch)) {
    const [dup] = await db.select({ id: budgets.id }).from(budgets).where(eq(budgets.name, b.name));
    if (dup) continue;
    await db.insert(budgets).values({ name: b.name, filters: b.filters, amount: b.amount, currency: b.currency, period: b.period, metric: "EffectiveCost", thresholds: b.thresholds });
    await recordAudit(db, { actor: { email: "abi-seed" }, action: "budget.create", target: b.name, details: { demo: true, level: b.level, amount: b.amount, currency: b.currency, period: b.period, filters: b.filters } });
    created.push(b.name);
  }
  return created;
}
