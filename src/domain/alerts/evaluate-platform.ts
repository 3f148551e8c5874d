/**
 * Rules about ingestion and the platform (the owner needs all-data access): a run failed, a run
 * restated earlier numbers or found validation failures, a scheduled source is late, a service is
 * down. Run rules answer only to the run that just finished; the others on every evaluation.
 */
import { eq } from "drizzle-orm";
import { dataSources } from "../db/schema";
import { checkHealth } from "../runtime/health";
import type { RuleParams } from "./rule-params";
import { NOT_CONCERNED, type Evaluation, type EvaluationContext } from "./evaluation-types";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The source's name; runs of `abi ingest` without a registered source carry a free-form id. */
async function sourceName(ctx: EvaluationContext, sourceId: string): Promise<string> {
  if (!UUID.test(sourceId)) return sourceId;
  const [s] = await ctx.rt.db.select({ name: dataSources.name }).from(dataSources).where(eq(dataSources.id, sourceId));
  return s?.name ?? sourceId;
}

/** The finished run this trigger is about, when the rule watches its source. */
function runOf(ctx: EvaluationContext, sourceId: string | undefined) {
  const t = ctx.trigger;
  if (t.kind !== "run" || (sourceId && sourceId !== t.sourceId)) return null;
  return t;
}

export async function evaluateRunFailed(ctx: EvaluationContext, p: RuleParams<"run_failed">): Promise<Evaluation> {
  const run = runOf(ctx, p.sourceId);
  if (!run) return NOT_CONCERNED;
  // A successful run of the source clears its earlier failures.
  const clears = (a: { conditionKey: string }) => a.conditionKey === run.sourceId;
  if (run.ok) return { firing: [], clears };
  const name = await sourceName(ctx, run.sourceId);
  return {
    firing: [{
      key: run.sourceId,
      period: run.runId,
      title: `Ingestion run of "${name}" failed`,
      numbers: [{ label: "Source", value: name }, { label: "Run", value: run.runId }, { label: "Error", value: (run.error ?? "unknown error").slice(0, 500) }],
      page: `/ingestion?run=${encodeURIComponent(run.runId)}`,
    }],
    clears,
  };
}

export async function evaluateRestatement(ctx: EvaluationContext, p: RuleParams<"restatement">): Promise<Evaluation> {
  const run = runOf(ctx, p.sourceId);
  if (!run?.ok) return NOT_CONCERNED;
  const rs = await ctx.rt.ch.query({
    query: `SELECT currency, toString(sum(billed_after - billed_before)) AS delta, toString(sum(abs(billed_after - billed_before))) AS moved, count() AS cells
FROM restatements WHERE run_id = {runId:String} GROUP BY currency HAVING sum(abs(billed_after - billed_before)) > toDecimal128({amount:String}, 10) ORDER BY currency`,
    query_params: { runId: run.runId, amount: p.amount },
    format: "JSONEachRow",
  });
  const rows = await rs.json<{ currency: string; delta: string; moved: string; cells: string }>();
  const name = rows.length ? await sourceName(ctx, run.sourceId) : "";
  return {
    firing: rows.map((r) => ({
      key: `${run.sourceId}|${r.currency}`,
      period: run.runId,
      title: `"${name}" restated ${r.moved} ${r.currency} of billed cost`,
      numbers: [
        { label: "Restated (absolute)", value: `${r.moved} ${r.currency}` },
        { label: "Net change", value: `${r.delta} ${r.currency}` },
        { label: "Changed day/service cells", value: r.cells },
        { label: "Threshold", value: `${p.amount} ${r.currency}` },
      ],
      page: `/ingestion?run=${encodeURIComponent(run.runId)}`,
    })),
    clears: () => false,
  };
}

export async function evaluateValidationFailures(ctx: EvaluationContext, p: RuleParams<"validation_failures">): Promise<Evaluation> {
  const run = runOf(ctx, p.sourceId);
  if (!run?.ok) return NOT_CONCERNED;
  const rs = await ctx.rt.ch.query({
    query: `SELECT toString(sum(violations)) AS violations, count() AS rules FROM validation_results FINAL WHERE run_id = {runId:String} AND result = 'fail'`,
    query_params: { runId: run.runId },
    format: "JSONEachRow",
  });
  const [row] = await rs.json<{ violations: string; rules: string }>();
  const violations = Number(row?.violations ?? 0);
  const key = run.sourceId;
  if (violations <= p.count) return { firing: [], clears: (a) => a.conditionKey === key };
  const name = await sourceName(ctx, run.sourceId);
  return {
    firing: [{
      key,
      period: run.runId,
      title: `Validation of "${name}" found ${violations} violations`,
      numbers: [{ label: "Violations", value: String(violations) }, { label: "Failed rules", value: row?.rules ?? "0" }, { label: "Threshold", value: String(p.count) }],
      page: `/ingestion?run=${encodeURIComponent(run.runId)}`,
    }],
    clears: (a) => a.conditionKey === key,
  };
}

/** The health report service_unhealthy rules read (checkHealth over the runtime's clients). */
export const probeHealth = (rt: EvaluationContext["rt"]) => checkHealth({ env: rt.env, clickhouse: rt.ch, db: rt.db, temporal: rt.temporal });

/** The latest daily schedule time at or before `now` for a source scheduled at `hour` UTC. */
export function lastScheduleTime(now: Date, hour: number): Date {
  const t = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour));
  if (t > now) t.setUTCDate(t.getUTCDate() - 1);
  return t;
}

export async function evaluateDataLate(ctx: EvaluationContext, p: RuleParams<"data_late">): Promise<Evaluation> {
  const sources = (await ctx.rt.db.select().from(dataSources)).filter((s) => s.scheduleEnabled && (!p.sourceId || s.id === p.sourceId));
  const looked = new Set(sources.map((s) => s.id));
  const overdue = sources
    .map((s) => ({ s, due: lastScheduleTime(ctx.now, s.scheduleHourUtc) }))
    .filter(({ due }) => ctx.now.getTime() >= due.getTime() + p.hours * 3_600_000);
  if (!overdue.length) return { firing: [], clears: (a) => looked.has(a.conditionKey) };
  // Each overdue source's last successful run, in one query (a source without one has no row).
  const rs = await ctx.rt.ch.query({
    query: `SELECT source_id, toString(toUnixTimestamp64Milli(max(finished_at))) AS last FROM ingest_runs FINAL
WHERE source_id IN {ids:Array(String)} AND status = 'succeeded' GROUP BY source_id`,
    query_params: { ids: overdue.map(({ s }) => s.id) },
    format: "JSONEachRow",
  });
  const last = new Map((await rs.json<{ source_id: string; last: string | null }>()).map((r) => [r.source_id, Number(r.last ?? 0)]));
  const firing: Evaluation["firing"] = overdue
    .filter(({ s, due }) => (last.get(s.id) ?? 0) < due.getTime())
    .map(({ s, due }) => ({
      key: s.id,
      period: due.toISOString().slice(0, 10),
      title: `No new data from "${s.name}" ${p.hours} h after its schedule`,
      numbers: [{ label: "Source", value: s.name }, { label: "Scheduled", value: due.toISOString() }, { label: "Late after", value: `${p.hours} h` }],
      page: `/sources`,
    }));
  return { firing, clears: (a) => looked.has(a.conditionKey) };
}

export async function evaluateServiceUnhealthy(ctx: EvaluationContext, p: RuleParams<"service_unhealthy">): Promise<Evaluation> {
  const report = await (ctx.health ? ctx.health() : probeHealth(ctx.rt));
  const down = Object.entries(report.services).filter(([name, s]) => !s.ok && (!p.service || name === p.service));
  return {
    // One alert per outage: period "" and a resolved alert reopens when the service goes down again.
    firing: down.map(([name, s]) => ({
      key: name,
      period: "",
      title: `Service ${name} is unhealthy`,
      numbers: [{ label: "Service", value: name }, { label: "Mode", value: s.mode }, { label: "Error", value: s.error ?? "not ok" }],
      page: "/infrastructure",
    })),
    clears: (a) => !p.service || a.conditionKey === p.service,
  };
}
