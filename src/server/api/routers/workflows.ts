import { z } from "zod";
import { TRPCError } from "@trpc/server";
import { temporalClient } from "~/domain/runtime/temporal";
import { WORKFLOW_NAMES } from "~/domain/workflows/contract";
import { EXECUTION_STATUSES, listExecutions } from "~/domain/workflows/executions";
import { listSchedules, withSourceNames, NoSuchScheduleError, pauseSchedule, resumeSchedule, triggerSchedule } from "~/domain/workflows/schedules";
import { temporalUiBase } from "~/domain/workflows/temporal-ui";
import { recordAudit } from "~/domain/audit/record";
import { auditOrigin } from "~/server/audit-origin";
import { adminProcedure, createTRPCRouter } from "../trpc";

/** The infrastructure console's workflows page (/infrastructure/workflows): admins only. */
const workflowsProcedure = adminProcedure.use(async ({ next }) => {
  const r = await next();
  if (!r.ok && r.error.cause instanceof NoSuchScheduleError) throw new TRPCError({ code: "NOT_FOUND", message: r.error.cause.message });
  return r;
});

const scheduleRef = z.object({
  scheduleId: z.string().min(1).max(200).regex(/^[\w.:@-]+$/, "No such schedule"),
  note: z.string().trim().max(200).optional(),
});

export const workflowsRouter = createTRPCRouter({
  executions: workflowsProcedure
    .input(z.object({ type: z.enum(WORKFLOW_NAMES).optional(), status: z.enum(EXECUTION_STATUSES).optional(), limit: z.number().int().min(1).max(200).default(50) }).default({ limit: 50 }))
    .query(async ({ ctx, input }) => ({
      rows: await listExecutions(await temporalClient(ctx.rt.env), input),
      temporalUi: temporalUiBase(ctx.rt.env),
    })),

  schedules: workflowsProcedure.query(async ({ ctx }) => ({
    rows: await withSourceNames(ctx.db, await listSchedules(await temporalClient(ctx.rt.env))),
    temporalUi: temporalUiBase(ctx.rt.env),
  })),

  pauseSchedule: workflowsProcedure.input(scheduleRef).mutation(async ({ ctx, input }) => {
    const who = ctx.session.user.email ?? "an admin";
    const row = await pauseSchedule(await temporalClient(ctx.rt.env), input.scheduleId, input.note || `paused by ${who} in ABI`);
    await recordAudit(ctx.db, { ...auditOrigin(ctx), action: "schedule.pause", target: input.scheduleId, details: { workflowType: row.workflowType } });
    return row;
  }),

  resumeSchedule: workflowsProcedure.input(scheduleRef).mutation(async ({ ctx, input }) => {
    const who = ctx.session.user.email ?? "an admin";
    const row = await resumeSchedule(await temporalClient(ctx.rt.env), input.scheduleId, input.note || `resumed by ${who} in ABI`);
    await recordAudit(ctx.db, { ...auditOrigin(ctx), action: "schedule.resume", target: input.scheduleId, details: { workflowType: row.workflowType } });
    return row;
  }),

  triggerSchedule: workflowsProcedure.input(scheduleRef).mutation(async ({ ctx, input }) => {
    await triggerSchedule(await temporalClient(ctx.rt.env), input.scheduleId);
    await recordAudit(ctx.db, { ...auditOrigin(ctx), action: "schedule.trigger", target: input.scheduleId });
    return { ok: true };
  }),
});
