/**
 * The exchange-rate table (clickhouse/migrations/0034_exchange_rates.sql): importing a rates file
 * and describing what is loaded. A re-imported day replaces its earlier rate (ReplacingMergeTree).
 */
import type { ClickHouseClient } from "@clickhouse/client";
import { invalidateResultCache } from "../analytics/cache";
import { parseEcbCsv, type ParsedRates } from "./ecb-csv";

/** The largest rates file accepted (the full ECB history is about 2 MB). */
export const MAX_RATES_FILE_BYTES = 20 * 1024 * 1024;

export type RatesImport = { rates: number; days: number; currencies: string[]; skipped: number; firstDay: string; lastDay: string };

export async function importRates(ch: ClickHouseClient, parsed: ParsedRates, source: string): Promise<RatesImport> {
  const batch = 50_000;
  for (let i = 0; i < parsed.rows.length; i += batch) {
    await ch.insert({ table: "fx_rates", values: parsed.rows.slice(i, i + batch).map((r) => ({ ...r, source })), format: "JSONEachRow" });
  }
  // results converted with the old rates must not be served again
  invalidateResultCache();
  const dates = parsed.rows.map((r) => r.date).sort();
  return { rates: parsed.rows.length, days: parsed.days, currencies: parsed.currencies, skipped: parsed.skipped, firstDay: dates[0]!, lastDay: dates.at(-1)! };
}

/** Parses an ECB reference-rate CSV and imports it. */
export async function importEcbCsv(ch: ClickHouseClient, text: string, source: string): Promise<RatesImport> {
  if (Buffer.byteLength(text) > MAX_RATES_FILE_BYTES) throw new Error(`the rates file is larger than ${MAX_RATES_FILE_BYTES / 1024 / 1024} MB`);
  return importRates(ch, parseEcbCsv(text), source);
}

export type RateCoverage = { base: string; quote: string; days: number; firstDay: string; lastDay: string; latestRate: string };

/** Per currency pair: how many days are loaded, from when to when, and the latest rate. */
export async function rateCoverage(ch: ClickHouseClient): Promise<RateCoverage[]> {
  const rs = await ch.query({
    query: `SELECT base, quote, count() AS days, toString(min(date)) AS firstDay, toString(max(date)) AS lastDay, toString(argMax(rate, date)) AS latestRate
FROM fx_rates FINAL GROUP BY base, quote ORDER BY base, quote`,
    format: "JSONEachRow",
  });
  return (await rs.json<RateCoverage & { days: string }>()).map((r) => ({ ...r, days: Number(r.days) }));
}

/** Currencies a page can report in (from rateCoverage's pairs): the pivot and every quoted currency. */
export function reportingCurrencies(pairs: RateCoverage[]): string[] {
  return [...new Set(pairs.flatMap((p) => [p.base, p.quote]))].sort();
}
