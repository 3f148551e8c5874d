import type { ClickHouseClient } from "@clickhouse/client";
import { addDays } from "~/domain/analytics/filters";

/**
 * The independent oracle of the scoped-dashboard tests: EffectiveCost per currency over the raw
 * fact table for the days from..to, with a WHERE the test writes itself (rounded to the cent).
 */
export async function effectiveCostPerCurrency(ch: ClickHouseClient, where: string, from: string, to: string, extra = "1 = 1"): Promise<Record<string, number>> {
  const rs = await ch.query({
    query: `SELECT BillingCurrency AS c, toFloat64(sum(EffectiveCost)) AS s FROM focus_billing_data
WHERE ChargePeriodStart >= {from:DateTime} AND ChargePeriodStart < {to:DateTime} AND (${where}) AND (${extra}) GROUP BY c`,
    query_params: { from: `${from} 00:00:00`, to: `${addDays(to, 1)} 00:00:00` },
    format: "JSONEachRow",
  });
  return Object.fromEntries((await rs.json<{ c: string; s: number }>()).map((r) => [r.c, Math.round(r.s * 100) / 100]));
}

/** A procedure's rows summed per currency, rounded to the cent like the oracle. */
export function perCurrency(rows: { currency: string; value: string | number }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[r.currency] = Math.round(((out[r.currency] ?? 0) + Number(r.value)) * 100) / 100;
  return out;
}
