import { z } from "zod";
import { listRuns, type RunRow } from "../ingestion/list-runs";
import { startMonthRun, startBackfill, monthSchema, assertPullableMonth } from "../ingestion/start-runs";
import { waitForRun, waitForBackfill, type BackfillOutcome } from "../ingestion/wait-runs";
import { monthsBetweenInclusive } from "../ingestion/months";
import { findSourceViewByName, listSources, type SourceListItem } from "../sources/manage-sources";
import { FILE_UPLOAD_PLUGIN } from "../sources/registry";
import type { Command } from "./types";

const MAX_BACKFILL_MONTHS = 13;

const pullable = () =>
  z.string().superRefine((m, ctx) => {
    if (!monthSchema.safeParse(m).success) return void ctx.addIssue({ code: "custom", message: "must be YYYY-MM" });
    try {
      assertPullableMonth(m);
    } catch (err) {
      ctx.addIssue({ code: "custom", message: (err as Error).message });
    }
  });

async function pullableSource(rt: Parameters<typeof findSourceViewByName>[0], name: string) {
  const source = await findSourceViewByName(rt, name);
  if (source.plugin === FILE_UPLOAD_PLUGIN) throw new Error(`${name} is a file-upload source: it has no month to pull (use abi ingest FILE --source ${JSON.stringify(name)})`);
  return source;
}

export const runArgs = z.object({ source: z.string().trim().min(1, "name the data source"), month: pullable() });

/** `abi run`: starts one (source, month) run on Temporal and waits for it, reporting its progress. */
export const runMonthCommand: Command<z.input<typeof runArgs>, RunRow> = {
  name: "run",
  async run(rt, raw, progress) {
    const args = runArgs.parse(raw);
    const source = await pullableSource(rt, args.source);
    const started = await startMonthRun(rt, { sourceId: source.id, month: args.month });
    return waitForRun(rt, started, (p) => progress({ step: p.step, done: p.done, total: p.total, unit: p.unit }));
  },
};

export const backfillArgs = z
  .object({ source: z.string().trim().min(1, "name the data source"), from: pullable(), to: pullable() })
  .refine((a) => a.from <= a.to, { message: "must not be after --to", path: ["from"] })
  .refine((a) => monthsBetweenInclusive(a.from, a.to).length <= MAX_BACKFILL_MONTHS, { message: `a backfill covers at most ${MAX_BACKFILL_MONTHS} months`, path: ["to"] });

/** `abi backfill`: one run per month of the range (bounded concurrency in the workflow), waited for. */
export const backfillCommand: Command<z.input<typeof backfillArgs>, BackfillOutcome & { workflowId: string }> = {
  name: "backfill",
  async run(rt, raw, progress) {
    const args = backfillArgs.parse(raw);
    const source = await pullableSource(rt, args.source);
    const started = await startBackfill(rt, { sourceId: source.id, from: args.from, to: args.to });
    const outcome = await waitForBackfill(rt, { ...started, sourceId: source.id, from: args.from, to: args.to }, (p) => progress({ step: p.step, done: p.done, total: p.total }));
    return { ...outcome, workflowId: started.workflowId };
  },
};

export const runsArgs = z.object({ source: z.string().trim().min(1).optional(), limit: z.coerce.number().int().min(1).max(500).default(50) });

export const listRunsCommand: Command<z.input<typeof runsArgs>, RunRow[]> = {
  name: "runs",
  async run(rt, raw) {
    const args = runsArgs.parse(raw);
    const sourceId = args.source ? (await findSourceViewByName(rt, args.source)).id : undefined;
    return listRuns(rt, { sourceId, limit: args.limit });
  },
};

export const listSourcesCommand: Command<Record<string, never>, SourceListItem[]> = {
  name: "sources",
  run: (rt) => listSources(rt),
};
