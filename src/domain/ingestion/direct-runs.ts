/**
 * Runs made outside Temporal: `abi ingest` and `abi seed` load files in their own process
 * (ingestFiles) and register the run here, in ClickHouse beside its lineage (ingest_runs, files,
 * totals, validation). listRuns (list-runs.ts) merges these with the Temporal runs, so the console
 * and `abi runs` show every ingest. A direct run's "workflow id" in the console is its origin.
 */
import type { ClickHouseClient } from "@clickhouse/client";
import { inArray } from "drizzle-orm";
import type { Runtime } from "../runtime";
import { dataSources } from "../db/schema";
import type { RunRow, RunStatus } from "./run-row";
import { runFiles } from "./run-files";
import { recordRunPlugin, runPlugins, type RunPlugin } from "./run-plugin";

export const DIRECT_ORIGINS = ["cli-ingest", "seed"] as const;
export type DirectOrigin = (typeof DIRECT_ORIGINS)[number];

export const isDirectOrigin = (workflowId: string): workflowId is DirectOrigin => (DIRECT_ORIGINS as readonly string[]).includes(workflowId);

/** A direct run lives as long as its command; one still "running" after this long died with its process. */
const STALE_AFTER_MS = 24 * 3600 * 1000;

const chTime = (d: Date) => d.toISOString().replace("T", " ").replace("Z", "");

/** Registers a direct run before its files are loaded (so a failed load is listed too). */
export async function recordDirectRun(ch: ClickHouseClient, r: { runId: string; origin: DirectOrigin; sourceId: string; detail?: string; plugin?: RunPlugin | null }): Promise<void> {
  if (r.plugin) await recordRunPlugin(ch, { runId: r.runId, ...r.plugin });
  await ch.insert({
    table: "ingest_run_origins",
    format: "JSONEachRow",
    values: [{ run_id: r.runId, origin: r.origin, source_id: r.sourceId, started_at: chTime(new Date()), detail: r.detail ?? "" }],
  });
}

type OriginRow = { run_id: string; origin: DirectOrigin; source_id: string; started_at: string };
type LineageRow = {
  run_id: string; status: string; started_at: string; finished_at: string | null; rows_in: string; rows_loaded: string;
  rows_quarantined: string; rows_excluded: string; months: string[]; error: string | null; timings: string;
};
type TotalsRow = { run_id: string; currency: string; billed_cost: string; effective_cost: string };

async function json<T>(ch: ClickHouseClient, query: string, params: Record<string, unknown>): Promise<T[]> {
  return (await ch.query({ query, query_params: params, format: "JSONEachRow" })).json<T>();
}

const isoUtc = (chDateTime: string) => `${chDateTime.replace(" ", "T")}Z`;

function statusOf(l: LineageRow | undefined, startedAt: string): { status: RunStatus; error: string | null } {
  if (l?.status === "succeeded") return { status: "completed", error: null };
  if (l?.status === "failed") return { status: "failed", error: l.error ?? "failed" };
  if (Date.now() - Date.parse(startedAt) > STALE_AFTER_MS) return { status: "failed", error: "the command stopped before the run finished" };
  return { status: "running", error: null };
}

async function rowsFor(rt: Runtime, origins: OriginRow[]): Promise<(RunRow & { timings: Record<string, number> })[]> {
  if (origins.length === 0) return [];
  const ids = origins.map((o) => o.run_id);
  const [lineage, totals, files, plugins] = await Promise.all([
    json<LineageRow>(rt.ch, "SELECT run_id, status, toString(started_at) AS started_at, toString(finished_at) AS finished_at, rows_in, rows_loaded, rows_quarantined, rows_excluded, arrayMap(m -> toString(m), months) AS months, error, timings FROM ingest_runs FINAL WHERE run_id IN {ids:Array(String)}", { ids }),
    json<TotalsRow>(rt.ch, "SELECT run_id, currency, toString(billed_cost) AS billed_cost, toString(effective_cost) AS effective_cost FROM ingest_run_totals FINAL WHERE run_id IN {ids:Array(String)} ORDER BY currency", { ids }),
    runFiles(rt, ids),
    runPlugins(rt.ch, ids),
  ]);
  const byRun = new Map(lineage.map((l) => [l.run_id, l]));
  const sourceIds = [...new Set(origins.map((o) => o.source_id))];
  const names = new Map((await rt.db.select({ id: dataSources.id, name: dataSources.name }).from(dataSources).where(inArray(dataSources.id, sourceIds))).map((s) => [s.id, s.name]));
  return origins.map((o) => {
    const l = byRun.get(o.run_id);
    const startedAt = isoUtc(l?.started_at ?? o.started_at);
    const closedAt = l?.finished_at ? isoUtc(l.finished_at) : null;
    const { status, error } = statusOf(l, startedAt);
    const months = [...new Set((l?.months ?? []).map((m) => m.slice(0, 7)))];
    const plugin = plugins.get(o.run_id);
    return {
      workflowId: o.origin,
      runId: o.run_id,
      type: o.origin,
      sourceId: o.source_id,
      sourceName: names.get(o.source_id) ?? "(deleted source)",
      month: months.length === 1 ? months[0]! : null,
      status,
      startedAt,
      closedAt,
      seconds: closedAt ? (Date.parse(closedAt) - Date.parse(startedAt)) / 1000 : null,
      rows: l && l.status !== "running" ? { in: Number(l.rows_in), loaded: Number(l.rows_loaded), quarantined: Number(l.rows_quarantined), excluded: Number(l.rows_excluded) } : null,
      totals: totals.filter((t) => t.run_id === o.run_id).map((t) => ({ currency: t.currency, billedCost: t.billed_cost, effectiveCost: t.effective_cost })),
      files: files.get(o.run_id) ?? [],
      plugin: plugin ? { id: plugin.pluginId, version: plugin.pluginVersion } : null,
      progress: null,
      error,
      timings: parseTimings(l?.timings),
    };
  });
}

function parseTimings(text: string | undefined): Record<string, number> {
  try {
    return text ? (JSON.parse(text) as Record<string, number>) : {};
  } catch {
    return {};
  }
}

/** The newest direct runs, newest first. */
export async function listDirectRuns(rt: Runtime, opts: { limit: number; sourceId?: string }): Promise<RunRow[]> {
  const origins = await json<OriginRow>(
    rt.ch,
    `SELECT run_id, origin, source_id, toString(started_at) AS started_at FROM ingest_run_origins FINAL
     ${opts.sourceId ? "WHERE source_id = {sourceId:String}" : ""} ORDER BY started_at DESC, run_id LIMIT {limit:UInt32}`,
    { limit: opts.limit, sourceId: opts.sourceId ?? "" },
  );
  return (await rowsFor(rt, origins)).map(({ timings: _t, ...row }) => row);
}

/** One direct run with its steps (the lineage's timings, in the order they ran); null when unknown. */
export async function directRun(rt: Runtime, origin: DirectOrigin, runId: string): Promise<(RunRow & { steps: { name: string; detail?: string }[] }) | null> {
  const origins = await json<OriginRow>(rt.ch, "SELECT run_id, origin, source_id, toString(started_at) AS started_at FROM ingest_run_origins FINAL WHERE run_id = {runId:String} AND origin = {origin:String}", { runId, origin });
  const [row] = await rowsFor(rt, origins);
  if (!row) return null;
  const { timings, ...rest } = row;
  return { ...rest, steps: Object.entries(timings).map(([name, s]) => ({ name, detail: `${s.toFixed(1)} s` })) };
}

/** The origin of each of these runs that was made outside Temporal. */
export async function directOrigins(ch: ClickHouseClient, runIds: string[]): Promise<Map<string, DirectOrigin>> {
  if (runIds.length === 0) return new Map();
  const rows = await json<{ run_id: string; origin: DirectOrigin }>(ch, "SELECT run_id, origin FROM ingest_run_origins FINAL WHERE run_id IN {ids:Array(String)}", { ids: runIds });
  return new Map(rows.map((r) => [r.run_id, r.origin]));
}
