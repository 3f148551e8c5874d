/**
 * A single amount in the reporting currency at the latest rate on or before a day (within
 * FX_MAX_GAP_DAYS): used for a budget's own amount, which has no charge day of its own. It goes
 * through the same converting subquery as billing rows (convert.ts), so the rule is identical;
 * no rate = null (never guessed).
 */
import { Params } from "../analytics/params";
import { runQuery, type AnalyticsContext } from "../analytics/run";
import { convertedTable } from "./convert";

export type ConvertedAmount = { amount: string; rateDay: string | null };

export async function convertAmountAt(
  ctx: AnalyticsContext & { reportingCurrency: string },
  amount: string,
  currency: string,
  day: string,
): Promise<ConvertedAmount | null> {
  if (currency === ctx.reportingCurrency) return { amount, rateDay: null };
  const p = new Params();
  const one = `(SELECT toDecimal128(${p.bind(amount, "String")}, 18) AS EffectiveCost, EffectiveCost AS BilledCost, EffectiveCost AS ListCost,
  EffectiveCost AS ContractedCost, ${p.bind(currency, "String")} AS BillingCurrency, toDateTime(${p.bind(day, "String")}, 'UTC') AS ChargePeriodStart)`;
  const sql = `SELECT toString(EffectiveCost) AS amount, fx_state AS state, toString(fx_date) AS rate_day FROM ${convertedTable(one)}`;
  const [r] = await runQuery<{ amount: string; state: number; rate_day: string }>(ctx, { name: "currency.amountAt", sql, params: p, source: "raw" });
  return r && Number(r.state) === 2 ? { amount: r.amount, rateDay: r.rate_day } : null;
}
