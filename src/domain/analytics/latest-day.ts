import { Params } from "./params";
import { pickSource, runQuery, type AnalyticsContext } from "./run";
import { billingScopePredicate } from "./scope";
import { todayUtc } from "./periods";

/**
 * First and last day with cost data the user can see (not after today). Dashboards anchor
 * "month to date" on the last day with data, so an archive or a late export still shows.
 */
export async function dataDays(ctx: AnalyticsContext): Promise<{ first: string; last: string } | null> {
  const src = await pickSource(ctx, []);
  const p = new Params();
  const sql = `SELECT toString(toDate(min(ChargePeriodStart))) AS first, toString(toDate(max(ChargePeriodStart))) AS last, count() AS n
FROM ${src.table} WHERE ChargePeriodStart < ${p.bind(`${todayUtc()} 00:00:00`, "DateTime")} + INTERVAL 1 DAY AND (${billingScopePredicate(ctx.scope, p, src)})`;
  const row = (await runQuery<{ first: string; last: string; n: string }>(ctx, { name: "data.days", sql, params: p, source: src.source }))[0];
  return row && Number(row.n) > 0 ? { first: row.first, last: row.last } : null;
}
