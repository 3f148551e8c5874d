import type { ClickHouseClient } from "@clickhouse/client";

/** Snapshots what a run left in focus_billing_data for its months, per day and service (a retried activity replaces its snapshot). */
export async function snapshotRunTotals(ch: ClickHouseClient, input: { runId: string; sourceId: string; months: string[] }): Promise<void> {
  if (input.months.length === 0) return;
  await ch.command({ query: "DELETE FROM ingest_run_daily_totals WHERE run_id = {runId:String}", query_params: { runId: input.runId } });
  await ch.command({
    query: `INSERT INTO ingest_run_daily_totals (run_id, source_id, billing_month, day, service_name, currency, billed_cost, effective_cost)
      SELECT {runId:String}, x_SourceId, x_BillingMonth, toDate(ChargePeriodStart), ServiceName, BillingCurrency, sum(BilledCost), sum(EffectiveCost)
      FROM focus_billing_data
      WHERE x_SourceId = {sourceId:String} AND x_BillingMonth IN {months:Array(Date)}
      GROUP BY x_SourceId, x_BillingMonth, toDate(ChargePeriodStart), ServiceName, BillingCurrency`,
    query_params: { runId: input.runId, sourceId: input.sourceId, months: input.months },
  });
}

export type RestatementResult = { previousRunId: string | null; changes: number; billedDelta: string };

/** Diffs the run's snapshot with the previous run of the same month and stores the changed cells (a retry replaces them). */
export async function recordRestatements(ch: ClickHouseClient, input: { runId: string; sourceId: string; month: string }): Promise<RestatementResult> {
  const billingMonth = `${input.month}-01`;
  const prev = await ch.query({
    query: `SELECT run_id FROM ingest_run_daily_totals
      WHERE source_id = {sourceId:String} AND billing_month = {billingMonth:Date} AND run_id != {runId:String}
        AND captured_at < (SELECT min(captured_at) FROM ingest_run_daily_totals WHERE run_id = {runId:String})
      GROUP BY run_id ORDER BY max(captured_at) DESC LIMIT 1`,
    query_params: { ...input, billingMonth },
    format: "JSONEachRow",
  });
  const previousRunId = (await prev.json<{ run_id: string }>())[0]?.run_id ?? null;
  if (!previousRunId) return { previousRunId: null, changes: 0, billedDelta: "0" };

  await ch.command({
    query: "DELETE FROM restatements WHERE run_id = {runId:String} AND billing_month = {billingMonth:Date}",
    query_params: { runId: input.runId, billingMonth },
  });
  const cells = `SELECT day, service_name, currency, billed_cost, effective_cost FROM ingest_run_daily_totals
    WHERE source_id = {sourceId:String} AND billing_month = {billingMonth:Date} AND run_id = `;
  await ch.command({
    query: `INSERT INTO restatements (run_id, previous_run_id, source_id, billing_month, day, service_name, currency, billed_before, billed_after, effective_before, effective_after)
      SELECT {runId:String}, {previousRunId:String}, {sourceId:String}, {billingMonth:Date},
        if(a.day = toDate(0), b.day, a.day), if(a.service_name = '', b.service_name, a.service_name), if(a.currency = '', b.currency, a.currency),
        b.billed_cost, a.billed_cost, b.effective_cost, a.effective_cost
      FROM (${cells} {runId:String}) AS a
      FULL OUTER JOIN (${cells} {previousRunId:String}) AS b
        ON a.day = b.day AND a.service_name = b.service_name AND a.currency = b.currency
      WHERE a.billed_cost != b.billed_cost OR a.effective_cost != b.effective_cost
      SETTINGS join_use_nulls = 0`,
    query_params: { ...input, billingMonth, previousRunId },
  });
  const rs = await ch.query({
    query: `SELECT count() AS changes, toString(sum(billed_after - billed_before)) AS delta FROM restatements WHERE run_id = {runId:String}`,
    query_params: { runId: input.runId },
    format: "JSONEachRow",
  });
  const [row] = await rs.json<{ changes: string; delta: string }>();
  return { previousRunId, changes: Number(row?.changes ?? 0), billedDelta: row?.delta ?? "0" };
}
