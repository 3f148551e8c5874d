import { z } from "zod";
import { listRuns } from "~/domain/ingestion/list-runs";
import { runDetail } from "~/domain/ingestion/run-detail";
import { startMonthRun, startBackfill, assertPullableMonth, monthSchema, RunConflictError } from "~/domain/ingestion/start-runs";
import { cancelRun, retryRun } from "~/domain/ingestion/control-runs";
import { monthsBetweenInclusive } from "~/domain/ingestion/months";
import { getSource } from "~/domain/sources/manage-sources";
import { FILE_UPLOAD_PLUGIN } from "~/domain/sources/registry";
import { createTRPCRouter } from "../trpc";
import { adminDomainProcedure, analystDomainProcedure } from "./ingestion-errors";

export const MAX_BACKFILL_MONTHS = 13;

const pullableMonth = z.string().superRefine((month, ctx) => {
  if (!monthSchema.safeParse(month).success) return void ctx.addIssue({ code: "custom", message: "must be YYYY-MM" });
  try {
    assertPullableMonth(month);
  } catch (err) {
    ctx.addIssue({ code: "custom", message: (err as Error).message });
  }
});

const runRef = z.object({ workflowId: z.string().min(1).max(300), runId: z.string().min(1).max(100) });
const sourceId = z.uuid("Pick a data source");

async function pullableSource(rt: Parameters<typeof getSource>[0], id: string) {
  const source = await getSource(rt, id);
  if (source.plugin === FILE_UPLOAD_PLUGIN) throw new RunConflictError(`${source.name} is a file-upload source: it has no month to pull; upload its files instead`);
  return source;
}

export const ingestionRouter = createTRPCRouter({
  list: analystDomainProcedure
    .input(z.object({ sourceId: z.uuid().optional(), limit: z.number().int().min(1).max(500).default(100) }).default({ limit: 100 }))
    .query(({ ctx, input }) => listRuns(ctx.rt, input)),

  detail: analystDomainProcedure.input(runRef).query(({ ctx, input }) => runDetail(ctx.rt, input.workflowId, input.runId)),

  runNow: adminDomainProcedure
    .input(z.object({ sourceId, month: pullableMonth }))
    .mutation(async ({ ctx, input }) => {
      await pullableSource(ctx.rt, input.sourceId);
      return startMonthRun(ctx.rt, input);
    }),

  backfill: adminDomainProcedure
    .input(
      z
        .object({ sourceId, from: pullableMonth, to: pullableMonth })
        .refine((i) => i.from <= i.to, { message: "The first month must not be after the last", path: ["from"] })
        .refine((i) => monthsBetweenInclusive(i.from, i.to).length <= MAX_BACKFILL_MONTHS, { message: `A backfill covers at most ${MAX_BACKFILL_MONTHS} months`, path: ["to"] }),
    )
    .mutation(async ({ ctx, input }) => {
      await pullableSource(ctx.rt, input.sourceId);
      const run = await startBackfill(ctx.rt, input);
      return { ...run, months: monthsBetweenInclusive(input.from, input.to) };
    }),

  cancel: adminDomainProcedure.input(runRef).mutation(async ({ ctx, input }) => {
    await cancelRun(ctx.rt, input.workflowId, input.runId);
    return { ok: true };
  }),

  retry: adminDomainProcedure.input(runRef).mutation(({ ctx, input }) => retryRun(ctx.rt, input.workflowId, input.runId)),
});
