import { z } from "zod";
import { listRuns } from "~/domain/ingestion/list-runs";
import { runDetail } from "~/domain/ingestion/run-detail";
import { startMonthRun, startBackfill, monthSchema } from "~/domain/ingestion/start-runs";
import { cancelRun, retryRun } from "~/domain/ingestion/control-runs";
import { monthsBetweenInclusive } from "~/domain/ingestion/months";
import { recordAudit } from "~/domain/audit/record";
import { auditOrigin } from "~/server/audit-origin";
import { createTRPCRouter } from "../trpc";
import { adminDomainProcedure, analystDomainProcedure } from "./ingestion-errors";

// Temporal run ids are UUIDs: anything else is refused here instead of failing inside the server call.
const runRef = z.object({ workflowId: z.string().min(1).max(300), runId: z.uuid("No such run (a run id is a UUID)") });
const sourceId = z.uuid("Pick a data source");

export const ingestionRouter = createTRPCRouter({
  list: analystDomainProcedure
    .input(z.object({ sourceId: z.uuid().optional(), limit: z.number().int().min(1).max(500).default(100) }).default({ limit: 100 }))
    .query(({ ctx, input }) => listRuns(ctx.rt, input)),

  detail: analystDomainProcedure.input(runRef).query(({ ctx, input }) => runDetail(ctx.rt, input.workflowId, input.runId)),

  runNow: adminDomainProcedure
    .input(z.object({ sourceId, month: monthSchema }))
    .mutation(async ({ ctx, input }) => {
      const run = await startMonthRun(ctx.rt, input);
      await recordAudit(ctx.db, { ...auditOrigin(ctx), action: "run.start", target: run.workflowId, details: { sourceId: input.sourceId, month: input.month } });
      return run;
    }),

  backfill: adminDomainProcedure
    .input(z.object({ sourceId, from: monthSchema, to: monthSchema }))
    .mutation(async ({ ctx, input }) => {
      const run = await startBackfill(ctx.rt, input);
      await recordAudit(ctx.db, { ...auditOrigin(ctx), action: "run.backfill", target: run.workflowId, details: { sourceId: input.sourceId, from: input.from, to: input.to } });
      return { ...run, months: monthsBetweenInclusive(input.from, input.to) };
    }),

  cancel: adminDomainProcedure.input(runRef).mutation(async ({ ctx, input }) => {
    await cancelRun(ctx.rt, input.workflowId, input.runId);
    await recordAudit(ctx.db, { ...auditOrigin(ctx), action: "run.cancel", target: input.workflowId, details: { runId: input.runId } });
    return { ok: true };
  }),

  retry: adminDomainProcedure.input(runRef).mutation(async ({ ctx, input }) => {
    const run = await retryRun(ctx.rt, input.workflowId, input.runId);
    await recordAudit(ctx.db, { ...auditOrigin(ctx), action: "run.retry", target: run.workflowId, details: { retried: input.workflowId } });
    return run;
  }),
});
