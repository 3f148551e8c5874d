/**
 * Step 4 (swap): quarantine the failing rows, then replace each
 * (source, billing month) partition of focus_billing_data and focus_quarantine in one
 * ALTER ... REPLACE PARTITION each. A month whose new data has no rows is dropped instead
 * (REPLACE from an empty partition is refused by recent ClickHouse versions).
 */
import type { ClickHouseClient } from "@clickhouse/client";
import { QUARANTINE_VALUE_COLUMNS, type RunTables } from "./run-tables";
import { firstMonth } from "./run-summary";
import { fileRows, readingFile } from "./file-rows";
import type { StagedFile } from "./staged-file";
import { STREAM_INSERT_SETTINGS } from "./stage";

/**
 * Passing rows are already in the run's data table (the conversion's view wrote them); this adds the
 * failing rows to the run's quarantine with their rule IDs and raw source row (a direct file is read
 * again for them, only when it has any).
 */
export async function quarantineFailed(ch: ClickHouseClient, t: RunTables, staged: StagedFile[], ids: { sourceId: string; runId: string }, quarantined: number) {
  if (quarantined === 0) return;
  const fallbackMonth = await firstMonth(ch, t);
  const rs = await ch.query({ query: `SELECT DISTINCT _file AS f FROM ${t.failed}`, format: "JSONEachRow" });
  const withFailures = new Set((await rs.json<{ f: number }>()).map((r) => Number(r.f)));
  for (const f of staged.filter((s) => withFailures.has(s.index))) {
    const raw = f.header.map((_, i) => `s.c${i + 1}`).join(", ");
    const values = QUARANTINE_VALUE_COLUMNS.join(", ");
    const rows = fileRows(f);
    await readingFile(f, () => ch.command({
      query: `INSERT INTO ${t.quar} (x_SourceId, x_BillingMonth, x_IngestRunId, file_name, row_number, rule_ids, raw_row, ${values})
SELECT {sourceId:String}, coalesce(q.x_BillingMonth, {fallbackMonth:Date}), {runId:String}, {fileName:String}, s._row, q._failed,
       toJSONString(mapFromArrays({header:Array(String)}, [${raw}])), ${QUARANTINE_VALUE_COLUMNS.map((c) => `q.${c}`).join(", ")}
FROM ${rows.sql} AS s
INNER JOIN (SELECT _row, _failed, x_BillingMonth, ${values} FROM ${t.failed} WHERE _file = {file:UInt16}) AS q ON s._row = q._row
SETTINGS ${STREAM_INSERT_SETTINGS}`,
      query_params: { ...rows.params, ...ids, fallbackMonth, fileName: f.name, header: f.header, file: f.index },
    }));
  }
}

export async function runMonths(ch: ClickHouseClient, t: RunTables): Promise<string[]> {
  const rs = await ch.query({
    query: `SELECT DISTINCT toString(x_BillingMonth) AS m FROM (SELECT x_BillingMonth FROM ${t.data} UNION ALL SELECT x_BillingMonth FROM ${t.quar}) ORDER BY m`,
    format: "JSONEachRow",
  });
  return (await rs.json<{ m: string }>()).map((r) => r.m);
}

async function hasRows(ch: ClickHouseClient, table: string, sourceId: string, month: string): Promise<boolean> {
  const rs = await ch.query({
    query: `SELECT count() AS n FROM ${table} WHERE x_SourceId = {s:String} AND x_BillingMonth = {m:Date}`,
    query_params: { s: sourceId, m: month },
    format: "JSONEachRow",
  });
  return Number((await rs.json<{ n: string }>())[0]?.n ?? 0) > 0;
}

async function replaceMonth(ch: ClickHouseClient, target: string, from: string, sourceId: string, month: string) {
  const params = { s: sourceId, m: month };
  if (await hasRows(ch, from, sourceId, month)) {
    await ch.command({ query: `ALTER TABLE ${target} REPLACE PARTITION ({s:String}, {m:Date}) FROM ${from}`, query_params: params });
  } else {
    await ch.command({ query: `ALTER TABLE ${target} DROP PARTITION ({s:String}, {m:Date})`, query_params: params });
  }
}

/** Swaps every month of the run into the fact and quarantine tables. */
export async function swapMonths(ch: ClickHouseClient, t: RunTables, sourceId: string, months: string[]): Promise<void> {
  for (const m of months) {
    await replaceMonth(ch, "focus_billing_data", t.data, sourceId, m);
    await replaceMonth(ch, "focus_quarantine", t.quar, sourceId, m);
  }
}

/** Keeps the billing-account and sub-account dimensions in step with loaded data. */
export async function upsertAccounts(ch: ClickHouseClient, t: RunTables): Promise<void> {
  await ch.command({
    query: `INSERT INTO dim_billing_accounts (BillingAccountId, BillingAccountName, BillingAccountType, ProviderName, x_SourceId)
SELECT BillingAccountId, any(BillingAccountName), any(BillingAccountType), any(ProviderName), any(x_SourceId) FROM ${t.data} GROUP BY BillingAccountId`,
  });
  await ch.command({
    query: `INSERT INTO dim_sub_accounts (SubAccountId, SubAccountName, SubAccountType, BillingAccountId, x_SourceId)
SELECT assumeNotNull(SubAccountId), any(SubAccountName), any(SubAccountType), any(BillingAccountId), any(x_SourceId) FROM ${t.data}
WHERE SubAccountId IS NOT NULL GROUP BY SubAccountId`,
  });
}
