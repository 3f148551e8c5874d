import { TRPCError } from "@trpc/server";
import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { digestSubscriptions, notificationChannels, scheduledReports, users } from "~/domain/db/schema";
import { audit } from "~/domain/access/audit";
import { createReport, editableReport, reportDeliveryLog, reportInputSchema, ReportsInputError, timeZoneSchema, updateReport, visibleReports } from "~/domain/reports/manage";
import { deleteReportSchedule, reportScheduleId, saveReportSchedule, sendReportNow } from "~/domain/reports/schedule";
import { analystProcedure, createTRPCRouter, protectedProcedure } from "../trpc";
import { actorOf } from "./access-errors";
import { linkOrigin } from "./alerts";

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ReportsInputError) throw new TRPCError({ code: e.code, message: e.message, cause: e });
    throw e;
  }
}

/** Temporal not reachable: the report is saved; its schedule is made on the next save. */
async function schedule<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: `The workflow service did not answer: ${(e as Error).message.split("\n")[0]}`, cause: e });
  }
}

const id = z.object({ id: z.uuid() });

export const reportsRouter = createTRPCRouter({
  /** The caller's reports (admins: all), with the owner's e-mail and the schedule's id. */
  list: analystProcedure.query(async ({ ctx }) => {
    const rows = await visibleReports(ctx.rt, ctx.access);
    const ownerIds = [...new Set(rows.map((r) => r.ownerId))];
    const owners = new Map(ownerIds.length ? (await ctx.db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, ownerIds))).map((u) => [u.id, u.email]) : []);
    return rows.map((r) => ({ ...r, ownerEmail: owners.get(r.ownerId) ?? "", scheduleId: reportScheduleId(r.id) }));
  }),
  create: analystProcedure.input(reportInputSchema).mutation(async ({ ctx, input }) => {
    const row = await call(() => createReport(ctx.rt, ctx.access, input, linkOrigin(ctx.headers)));
    await audit(ctx.db, actorOf(ctx), "report.create", row.name, { reportId: row.id, page: row.page, format: row.format, frequency: row.frequency, recipients: row.recipientUserIds.length + row.recipientEmails.length });
    await schedule(() => saveReportSchedule(ctx.rt, row));
    return row;
  }),
  update: analystProcedure.input(z.object({ id: z.uuid(), report: reportInputSchema })).mutation(async ({ ctx, input }) => {
    const row = await call(() => updateReport(ctx.rt, ctx.access, input.id, input.report));
    await audit(ctx.db, actorOf(ctx), "report.update", row.name, { reportId: row.id });
    await schedule(() => saveReportSchedule(ctx.rt, row));
    return row;
  }),
  delete: analystProcedure.input(id).mutation(async ({ ctx, input }) => {
    const row = await call(() => editableReport(ctx.rt, ctx.access, input.id));
    await schedule(() => deleteReportSchedule(ctx.rt, row.id));
    await ctx.db.delete(scheduledReports).where(eq(scheduledReports.id, row.id));
    await audit(ctx.db, actorOf(ctx), "report.delete", row.name, { reportId: row.id });
    return { id: row.id };
  }),
  /** "Send now": the report's workflow, started at once, to every recipient (a test before the schedule). */
  sendNow: analystProcedure.input(id).mutation(async ({ ctx, input }) => {
    const row = await call(() => editableReport(ctx.rt, ctx.access, input.id));
    const started = await schedule(() => sendReportNow(ctx.rt, row.id));
    await audit(ctx.db, actorOf(ctx), "report.send_now", row.name, { reportId: row.id, workflowId: started.workflowId });
    return started;
  }),
  /** The delivery log: each recipient of each run, whose scope it was rendered with, where it is kept. */
  deliveries: analystProcedure.input(id).query(async ({ ctx, input }) => {
    const row = await call(() => editableReport(ctx.rt, ctx.access, input.id));
    return reportDeliveryLog(ctx.rt, row.id);
  }),
});

export const digestRouter = createTRPCRouter({
  /** E-mail channels the caller may receive the digest by: shared ones and their own personal one (names only). */
  channels: protectedProcedure.query(async ({ ctx }) => {
    const rows = await ctx.db.select({ id: notificationChannels.id, name: notificationChannels.name, ownerId: notificationChannels.ownerId }).from(notificationChannels).where(eq(notificationChannels.plugin, "email-smtp"));
    return rows.filter((c) => c.ownerId === null || c.ownerId === ctx.access.userId).map((c) => ({ id: c.id, name: c.name, personal: c.ownerId !== null }));
  }),
  /** The caller's own digest setting (null: not subscribed). */
  get: protectedProcedure.query(async ({ ctx }) => {
    const [row] = await ctx.db.select().from(digestSubscriptions).where(eq(digestSubscriptions.userId, ctx.access.userId));
    return row ? { timeZone: row.timeZone, channelId: row.channelId, lastSentWeek: row.lastSentWeek } : null;
  }),
  /** Opt in (a time zone and an e-mail channel) or out (null). */
  set: protectedProcedure
    .input(z.object({ subscription: z.object({ timeZone: timeZoneSchema, channelId: z.uuid() }).nullable() }))
    .mutation(async ({ ctx, input }) => {
      const userId = ctx.access.userId;
      if (!input.subscription) {
        await ctx.db.delete(digestSubscriptions).where(eq(digestSubscriptions.userId, userId));
        await audit(ctx.db, actorOf(ctx), "digest.unsubscribe", ctx.session.user.email, {});
        return null;
      }
      const { timeZone, channelId } = input.subscription;
      const [channel] = await ctx.db.select().from(notificationChannels).where(eq(notificationChannels.id, channelId));
      if (!channel || channel.plugin !== "email-smtp" || (channel.ownerId !== null && channel.ownerId !== userId)) {
        throw new TRPCError({ code: "BAD_REQUEST", message: "Pick an e-mail channel you may use (ask an admin for a shared e-mail channel)" });
      }
      const values = { userId, timeZone, channelId, linkOrigin: linkOrigin(ctx.headers) };
      await ctx.db.insert(digestSubscriptions).values(values).onConflictDoUpdate({ target: digestSubscriptions.userId, set: { timeZone, channelId, linkOrigin: values.linkOrigin } });
      await audit(ctx.db, actorOf(ctx), "digest.subscribe", ctx.session.user.email, { timeZone, channelId });
      return { timeZone, channelId, lastSentWeek: null };
    }),
});
