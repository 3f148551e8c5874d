/**
 * Quarantined cost in a date range, within the user's billing scope (issue 10, item 3): the rows
 * that failed a FOCUS rule are not in the fact table, so every dashboard total misses their money;
 * this is what the dashboards' "quarantined cost" note and the quarantine page read. The rows are
 * filtered by the same billingScopePredicate as every dashboard query (scope.ts): a quarantined row
 * whose billing account or subscription could not be read is visible only to users with all data.
 */
import { addDays, checkRange, type DateRange } from "./filters";
import { Params } from "./params";
import { billingScopePredicate } from "./scope";
import type { AnalyticsContext } from "./run";

export type QuarantinedCost = {
  /** Per billing currency (a row without a readable currency counts under ""); decimal strings. */
  currencies: { currency: string; rows: number; billedCost: string; sourceCost: string }[];
  rows: number;
};

export type QuarantinedRow = {
  sourceId: string; billingMonth: string; runId: string; file: string; row: number; rules: string[];
  currency: string; billedCost: string | null; sourceCost: string | null; day: string | null; raw: string;
};

/** WHERE over focus_quarantine: the charge day (or, when it could not be read, the billing month) in range, and the scope. */
function where(ctx: AnalyticsContext, range: DateRange, params: Params): string {
  checkRange(range);
  const day = "coalesce(ChargePeriodStart, toDateTime(x_BillingMonth, 'UTC'))";
  return [
    `${day} >= ${params.bind(`${range.from} 00:00:00`, "DateTime")}`,
    `${day} < ${params.bind(`${addDays(range.to, 1)} 00:00:00`, "DateTime")}`,
    billingScopePredicate(ctx.scope, params),
  ].map((p) => `(${p})`).join(" AND ");
}

export async function quarantinedCost(ctx: AnalyticsContext, range: DateRange): Promise<QuarantinedCost> {
  const params = new Params();
  const rs = await ctx.ch.query({
    query: `SELECT ifNull(BillingCurrency, '') AS currency, count() AS rows,
  toString(sum(ifNull(BilledCost, 0))) AS billedCost, toString(sum(ifNull(x_SourceCost, 0))) AS sourceCost
FROM focus_quarantine WHERE ${where(ctx, range, params)} GROUP BY currency ORDER BY currency`,
    query_params: params.values,
    format: "JSONEachRow",
  });
  const currencies = (await rs.json<{ currency: string; rows: string; billedCost: string; sourceCost: string }>()).map((r) => ({ ...r, rows: Number(r.rows) }));
  return { currencies, rows: currencies.reduce((n, c) => n + c.rows, 0) };
}

/** The quarantined rows behind the note, with the rules each broke and its raw source row (newest months first). */
export async function quarantinedRows(ctx: AnalyticsContext, range: DateRange, limit: number): Promise<QuarantinedRow[]> {
  const params = new Params();
  const rs = await ctx.ch.query({
    query: `SELECT x_SourceId AS sourceId, toString(x_BillingMonth) AS billingMonth, x_IngestRunId AS runId, file_name AS file, row_number AS row,
  rule_ids AS rules, ifNull(BillingCurrency, '') AS currency, toString(BilledCost) AS billedCost, toString(x_SourceCost) AS sourceCost,
  if(ChargePeriodStart IS NULL, NULL, toString(toDate(ChargePeriodStart))) AS day, substring(raw_row, 1, 2000) AS raw
FROM focus_quarantine WHERE ${where(ctx, range, params)}
ORDER BY x_BillingMonth DESC, x_SourceId, file_name, row_number LIMIT ${params.bind(limit, "UInt32")}`,
    query_params: params.values,
    format: "JSONEachRow",
  });
  return (await rs.json<QuarantinedRow & { row: string }>()).map((r) => ({ ...r, row: Number(r.row) }));
}
