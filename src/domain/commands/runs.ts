import { z } from "zod";
import { listRuns, type RunRow } from "../ingestion/list-runs";
import { startMonthRun, startBackfill, monthSchema } from "../ingestion/start-runs";
import { waitForRun, waitForBackfill, type BackfillOutcome } from "../ingestion/wait-runs";
import { requireSourceByName, listSources, type SourceListItem } from "../sources/manage-sources";
import type { Command } from "./types";


export const runArgs = z.object({ source: z.string().trim().min(1, "name the data source"), month: monthSchema });

/** `abi run`: starts one (source, month) run on Temporal and waits for it, reporting its progress. */
export const runMonthCommand: Command<z.input<typeof runArgs>, RunRow> = {
  name: "run",
  async run(rt, raw, progress) {
    const args = runArgs.parse(raw);
    const started = await startMonthRun(rt, { sourceId: (await requireSourceByName(rt, args.source)).id, month: args.month });
    return waitForRun(rt, started, progress);
  },
};

export const backfillArgs = z.object({ source: z.string().trim().min(1, "name the data source"), from: monthSchema, to: monthSchema });

/** `abi backfill`: one run per month of the range (bounded concurrency in the workflow), waited for. */
export const backfillCommand: Command<z.input<typeof backfillArgs>, BackfillOutcome & { workflowId: string }> = {
  name: "backfill",
  async run(rt, raw, progress) {
    const args = backfillArgs.parse(raw);
    const id = (await requireSourceByName(rt, args.source)).id;
    const started = await startBackfill(rt, { sourceId: id, from: args.from, to: args.to });
    const outcome = await waitForBackfill(rt, { ...started, sourceId: id, from: args.from, to: args.to }, progress);
    return { ...outcome, workflowId: started.workflowId };
  },
};

export const runsArgs = z.object({ source: z.string().trim().min(1).optional(), limit: z.coerce.number().int().min(1).max(500).default(50) });

export const listRunsCommand: Command<z.input<typeof runsArgs>, RunRow[]> = {
  name: "runs",
  async run(rt, raw) {
    const args = runsArgs.parse(raw);
    const sourceId = args.source ? (await requireSourceByName(rt, args.source)).id : undefined;
    return listRuns(rt, { sourceId, limit: args.limit });
  },
};

export const listSourcesCommand: Command<Record<string, never>, SourceListItem[]> = {
  name: "sources",
  run: (rt) => listSources(rt),
};
