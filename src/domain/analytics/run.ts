/**
 * The executor every dashboard query goes through: picks the source table (a rollup when it
 * carries every dimension the query touches, else the raw fact table), runs the SQL with bound
 * parameters, and caches the result per data version.
 */
import type { ClickHouseClient } from "@clickhouse/client";
import { parseDimension } from "./dimensions";
import { dataVersion, resultStore } from "./cache";
import { Params } from "./params";
import { refreshRollups, ROLLUPS, RESOURCE_ROLLUP, SERVICE_ROLLUP, type RollupTable } from "./rollups";
import { rollupsUsable } from "./freshness";
import { scopeColumns, type AnalyticsScope } from "./scope";
import { observeResultCache } from "../metrics/registry";
import { conversionParams, convertedTable } from "../currency/convert";

export const RAW_TABLE = "focus_billing_data";

export type AnalyticsContext = {
  ch: ClickHouseClient;
  scope: AnalyticsScope;
  /** "raw" forces the fact table (benchmarks, cross-checks). */
  source?: "auto" | "raw";
  /** false skips the result cache (benchmarks). */
  cache?: boolean;
  /**
   * Benchmarks: run this context's statements one at a time so each timing is the statement's own
   * (embedded chDB executes one query at a time; parallel statements would time the queue).
   */
  serial?: { tail: Promise<unknown> };
  /**
   * Show amounts in this currency (3-letter code): pickSource then returns the table seen through
   * the converting subquery of currency/convert.ts (rows without a rate keep their currency).
   */
  reportingCurrency?: string;
};

/** `tagMap`: the table has the parsed TagMap column (read tags through it: dimensions.ts TagRead). */
export type SourceTable = { table: string; source: "rollup" | "raw"; tagMap: boolean };

/** Columns every rollup has besides its dims: lineage and what the scope predicate may use. */
const ALWAYS_COLUMNS = ["x_SourceId", "x_BillingMonth", "BillingAccountId", "SubAccountId"];

/**
 * The smallest table that has every column in `dims` (FOCUS column names or tag:<key>), every
 * column the user's scope predicate reads, and, if asked, ConsumedQuantity. Tags are only in
 * the resource rollup (so a tag-scoped user never reads the service rollup). The raw table while the
 * rollups lag behind the fact data (see freshness.ts).
 */
export async function pickSource(ctx: AnalyticsContext, dims: string[], needs: { quantity?: boolean } = {}): Promise<SourceTable> {
  const src = await pickTable(ctx, dims, needs);
  // the converting subquery selects s.*, which leaves out the MATERIALIZED TagMap
  if (ctx.reportingCurrency) return { ...src, table: convertedTable(src.table), source: src.source, tagMap: false };
  return { ...src, tagMap: src.table === RESOURCE_ROLLUP };
}

async function pickTable(ctx: AnalyticsContext, dims: string[], needs: { quantity?: boolean }): Promise<Omit<SourceTable, "tagMap">> {
  if (ctx.source === "raw") return { table: RAW_TABLE, source: "raw" };
  if (!(await rollupsUsable(ctx.ch, (p) => refreshRollups(ctx.ch, p)))) return { table: RAW_TABLE, source: "raw" };
  const wanted = [...dims.map(parseDimension).map((d) => (d.kind === "tag" ? "Tags" : d.column)), ...scopeColumns(ctx.scope)];
  const order: RollupTable[] = needs.quantity ? [RESOURCE_ROLLUP] : [SERVICE_ROLLUP, RESOURCE_ROLLUP];
  for (const t of order) {
    const has = new Set<string>([...ROLLUPS[t].dims, ...ALWAYS_COLUMNS]);
    if (wanted.every((c) => has.has(c))) return { table: t, source: "rollup" };
  }
  return { table: RAW_TABLE, source: "raw" };
}

export type QueryLog = { name: string; source: "rollup" | "raw"; ms: number; cached: boolean };
const listeners = new Set<(q: QueryLog) => void>();
/** Observe every query (benchmarks measure through this). Returns an unsubscribe function. */
export function onAnalyticsQuery(fn: (q: QueryLog) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export async function runQuery<T>(
  ctx: AnalyticsContext,
  q: { name: string; sql: string; params: Params; source: "rollup" | "raw" },
): Promise<T[]> {
  if (ctx.serial) {
    const lane = ctx.serial;
    const run = lane.tail.then(() => execute<T>(ctx, q));
    lane.tail = run.catch(() => undefined);
    return run;
  }
  return execute<T>(ctx, q);
}

async function execute<T>(ctx: AnalyticsContext, q: { name: string; sql: string; params: Params; source: "rollup" | "raw" }): Promise<T[]> {
  const useCache = ctx.cache !== false;
  const started = performance.now();
  // a converting source reads the reporting currency and the rate gap as bound parameters
  const values = ctx.reportingCurrency && q.sql.includes("{fx_target:") ? { ...q.params.values, ...conversionParams(ctx.reportingCurrency) } : q.params.values;
  const key = useCache ? `${await dataVersion(ctx.ch)}\n${q.sql}\n${JSON.stringify(values)}` : "";
  if (useCache) {
    const hit = (await resultStore().get(key)) as T[] | undefined;
    observeResultCache(hit !== undefined);
    if (hit) {
      listeners.forEach((l) => l({ name: q.name, source: q.source, ms: performance.now() - started, cached: true }));
      return hit;
    }
  }
  const rs = await ctx.ch.query({ query: q.sql, query_params: values, format: "JSONEachRow" });
  const rows = await rs.json<T>();
  if (useCache) await resultStore().set(key, rows);
  listeners.forEach((l) => l({ name: q.name, source: q.source, ms: performance.now() - started, cached: false }));
  return rows;
}
