/**
 * "Where does this number come from": for the same range, filters and metric as a dashboard number,
 * the (source, billing month) partitions whose rows make it up, each with its cost share, the run
 * that loaded it and that run's files. Each (source, month) partition of focus_billing_data is
 * replaced whole by one run (swap-step.ts), so x_IngestRunId names exactly one run per partition.
 * The cost query goes through whereClause, so the caller's billing scope applies.
 */
import { z } from "zod";
import { inArray } from "drizzle-orm";
import type { Db as Database } from "../runtime/postgres";
import { dataSources } from "../db/schema";
import { METRICS, METRIC_NAMES, type Metric } from "./dimensions";
import { sliceSchema, whereClause } from "./filters";
import { Params } from "./params";
import { RAW_TABLE, runQuery, type AnalyticsContext } from "./run";

export const provenanceSchema = sliceSchema.extend({
  metric: z.enum(METRIC_NAMES as [Metric, ...Metric[]]).default("EffectiveCost"),
});
export type ProvenanceInput = z.input<typeof provenanceSchema>;

export type ProvenanceFile = { name: string; sha256: string; sizeBytes: number; rows: number; dataset: string };
export type ProvenanceRun = {
  runId: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  /** "cli-ingest" / "seed" for runs made outside Temporal, else null (the console resolves it). */
  origin: string | null;
  /** The run's whole cost in (source files) and out (loaded); only for users who see every row. */
  totals: { currency: string; sourceCost: string; billedCost: string; quarantinedBilledCost: string }[] | null;
  files: ProvenanceFile[];
};
export type ProvenancePart = {
  sourceId: string;
  sourceName: string;
  billingMonth: string;
  runId: string;
  currency: string;
  rows: number;
  value: string;
  /** value / the number's total in this currency, 0–1, rounded to 6 places (a ratio for display). */
  share: string;
};
export type Provenance = { metric: Metric; totals: { currency: string; value: string }[]; parts: ProvenancePart[]; runs: ProvenanceRun[] };

type PartRow = { source_id: string; billing_month: string; run_id: string; currency: string; rows: string; value: string; total: string; share: string };

export async function provenance(ctx: AnalyticsContext, db: Database, raw: ProvenanceInput): Promise<Provenance> {
  const input = provenanceSchema.parse(raw);
  const params = new Params();
  const where = whereClause(input, ctx.scope, params);
  // The share is a ratio for display (Float64); money stays decimal.
  const parts = await runQuery<PartRow>(ctx, {
    name: "provenance",
    source: "raw",
    params,
    sql: `SELECT x_SourceId AS source_id, toString(x_BillingMonth) AS billing_month, x_IngestRunId AS run_id,
            BillingCurrency AS currency, count() AS rows, ${METRICS[input.metric]} AS v, toString(v) AS value,
            toString(sum(v) OVER (PARTITION BY currency)) AS total,
            toString(if(sum(v) OVER (PARTITION BY currency) = 0, 0, round(toFloat64(v) / toFloat64(sum(v) OVER (PARTITION BY currency)), 6))) AS share
          FROM ${RAW_TABLE} WHERE ${where}
          GROUP BY source_id, billing_month, run_id, currency
          ORDER BY currency, billing_month, source_id`,
  });
  const totals = new Map(parts.map((p) => [p.currency, p.total]));
  const [names, runs] = await Promise.all([
    sourceNames(db, [...new Set(parts.map((p) => p.source_id))]),
    runsWithFiles(ctx, [...new Set(parts.map((p) => p.run_id))]),
  ]);
  return {
    metric: input.metric,
    totals: [...totals].map(([currency, value]) => ({ currency, value })),
    parts: parts.map((p) => ({
      sourceId: p.source_id, sourceName: names.get(p.source_id) ?? "(deleted source)", billingMonth: p.billing_month.slice(0, 7),
      runId: p.run_id, currency: p.currency, rows: Number(p.rows), value: p.value, share: p.share,
    })),
    runs,
  };
}

async function sourceNames(db: Database, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: dataSources.id, name: dataSources.name }).from(dataSources).where(inArray(dataSources.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function json<T>(ctx: AnalyticsContext, query: string, ids: string[]): Promise<T[]> {
  return (await ctx.ch.query({ query, query_params: { ids }, format: "JSONEachRow" })).json<T>();
}

/**
 * Lineage of the runs the scoped cost query returned (so only runs with rows the user may see).
 * A run's whole totals include rows outside a limited user's scope, so they go only to users who see every row.
 */
async function runsWithFiles(ctx: AnalyticsContext, runIds: string[]): Promise<ProvenanceRun[]> {
  if (runIds.length === 0) return [];
  const full = ctx.scope.rows === "all";
  const [runs, files, origins, totals] = await Promise.all([
    json<{ run_id: string; status: string; started_at: string; finished_at: string | null }>(ctx, "SELECT run_id, status, toString(started_at) AS started_at, toString(finished_at) AS finished_at FROM ingest_runs FINAL WHERE run_id IN {ids:Array(String)} ORDER BY started_at", runIds),
    json<{ run_id: string; name: string; sha256: string; size_bytes: string; rows: string; dataset: string }>(ctx, "SELECT run_id, file_name AS name, sha256, size_bytes, rows, dataset FROM ingest_run_files FINAL WHERE run_id IN {ids:Array(String)} ORDER BY run_id, file_index", runIds),
    json<{ run_id: string; origin: string }>(ctx, "SELECT run_id, origin FROM ingest_run_origins FINAL WHERE run_id IN {ids:Array(String)}", runIds),
    full
      ? json<{ run_id: string; currency: string; source_cost: string; billed_cost: string; quarantined_billed_cost: string }>(ctx, "SELECT run_id, currency, toString(source_cost) AS source_cost, toString(billed_cost) AS billed_cost, toString(quarantined_billed_cost) AS quarantined_billed_cost FROM ingest_run_totals FINAL WHERE run_id IN {ids:Array(String)} ORDER BY currency", runIds)
      : Promise.resolve([]),
  ]);
  const origin = new Map(origins.map((o) => [o.run_id, o.origin]));
  const known = new Map(runs.map((r) => [r.run_id, r]));
  return runIds.map((id) => {
    const r = known.get(id);
    return {
      runId: id,
      status: r?.status ?? "unknown",
      startedAt: r ? `${r.started_at.replace(" ", "T")}Z` : "",
      finishedAt: r?.finished_at ? `${r.finished_at.replace(" ", "T")}Z` : null,
      origin: origin.get(id) ?? null,
      totals: full ? totals.filter((t) => t.run_id === id).map((t) => ({ currency: t.currency, sourceCost: t.source_cost, billedCost: t.billed_cost, quarantinedBilledCost: t.quarantined_billed_cost })) : null,
      files: files.filter((f) => f.run_id === id).map((f) => ({ name: f.name, sha256: f.sha256, sizeBytes: Number(f.size_bytes), rows: Number(f.rows), dataset: f.dataset })),
    };
  });
}
