/**
 * Scheduled reports as analysts and admins keep them: input checked once (zod), who may see and
 * change which report (its owner; admins all), and the rules a report must keep (an e-mail channel
 * the owner may use; a personal channel only mails its owner; budgets only as PDF).
 */
import { desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { notificationChannels, reportDeliveries, savedViews, scheduledReports, users, REPORT_FORMATS, REPORT_FREQUENCIES, REPORT_PAGES } from "../db/schema";
import type { Access } from "../access/resolve-access";
import type { Runtime } from "../runtime";
import type { ReportRow } from "./render";

export class ReportsInputError extends Error {
  override name = "ReportsInputError";
  constructor(
    readonly code: "BAD_REQUEST" | "NOT_FOUND" | "FORBIDDEN",
    message: string,
  ) {
    super(message);
  }
}

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const timeZoneSchema = z.string().min(1).max(100).refine(isTimeZone, "is not an IANA time zone (e.g. Europe/Berlin)");

export const reportInputSchema = z.object({
  name: z.string().trim().min(1, "a report needs a name").max(200),
  page: z.enum(REPORT_PAGES),
  query: z.string().max(2000).default(""),
  format: z.enum(REPORT_FORMATS),
  frequency: z.enum(REPORT_FREQUENCIES),
  timeOfDay: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "the time is HH:MM (24 h)"),
  timeZone: timeZoneSchema,
  dayOfWeek: z.number().int().min(0).max(6).default(1),
  dayOfMonth: z.number().int().min(1).max(28).default(1),
  recipientUserIds: z.array(z.uuid()).max(50).default([]),
  recipientEmails: z.array(z.email("a recipient is not an e-mail address")).max(50).default([]),
  channelId: z.uuid(),
  /** A saved view: the report takes its page and query string (copied when saved). */
  savedViewId: z.uuid().nullable().default(null),
  enabled: z.boolean().default(true),
});
export type ReportInput = z.infer<typeof reportInputSchema>;

async function check(rt: Runtime, ownerId: string, input: ReportInput) {
  if (input.recipientUserIds.length + input.recipientEmails.length === 0) throw new ReportsInputError("BAD_REQUEST", "Add at least one recipient (a user or an e-mail address)");
  if (input.page === "budgets" && input.format !== "pdf") throw new ReportsInputError("BAD_REQUEST", "The budgets page is sent as PDF only");
  const [channel] = await rt.db.select().from(notificationChannels).where(eq(notificationChannels.id, input.channelId));
  if (!channel || (channel.ownerId && channel.ownerId !== ownerId)) throw new ReportsInputError("BAD_REQUEST", "Pick an e-mail channel you may use");
  if (channel.plugin !== "email-smtp") throw new ReportsInputError("BAD_REQUEST", `"${channel.name}" is not an e-mail channel; reports travel as attachments`);
  if (input.recipientUserIds.length > 0) {
    const found = await rt.db.select({ id: users.id }).from(users).where(inArray(users.id, input.recipientUserIds));
    if (found.length !== new Set(input.recipientUserIds).size) throw new ReportsInputError("BAD_REQUEST", "A recipient user does not exist");
  }
  if (channel.ownerId) {
    const [owner] = await rt.db.select({ email: users.email }).from(users).where(eq(users.id, ownerId));
    const onlyOwner = input.recipientUserIds.every((u) => u === ownerId) && input.recipientEmails.every((e) => e === owner?.email);
    if (!onlyOwner) throw new ReportsInputError("BAD_REQUEST", `"${channel.name}" is your personal channel: it only mails you; ask an admin for a shared e-mail channel to send to others`);
  }
}

/** The page and query of a saved view the owner may use (their own or a shared one). */
async function withSavedView(rt: Runtime, ownerId: string, input: ReportInput): Promise<ReportInput> {
  if (!input.savedViewId) return input;
  const [view] = await rt.db.select().from(savedViews).where(eq(savedViews.id, input.savedViewId));
  if (!view || (view.ownerId !== null && view.ownerId !== ownerId)) throw new ReportsInputError("BAD_REQUEST", "That saved view does not exist");
  const page = view.page === "/" ? "overview" : view.page.replace(/^\//, "");
  if (!(REPORT_PAGES as readonly string[]).includes(page)) throw new ReportsInputError("BAD_REQUEST", `Saved views of ${view.page} cannot be scheduled as reports`);
  return { ...input, page: page as ReportInput["page"], query: view.query };
}

export async function visibleReports(rt: Runtime, access: Access): Promise<ReportRow[]> {
  const q = rt.db.select().from(scheduledReports).orderBy(scheduledReports.name);
  return access.role === "admin" ? q : q.where(eq(scheduledReports.ownerId, access.userId));
}

export async function editableReport(rt: Runtime, access: Access, id: string): Promise<ReportRow> {
  const [row] = await rt.db.select().from(scheduledReports).where(eq(scheduledReports.id, id));
  if (!row || (access.role !== "admin" && row.ownerId !== access.userId)) throw new ReportsInputError("NOT_FOUND", "That report does not exist");
  return row;
}

export async function createReport(rt: Runtime, access: Access, input: ReportInput, linkOrigin: string): Promise<ReportRow> {
  const resolved = await withSavedView(rt, access.userId, input);
  await check(rt, access.userId, resolved);
  const [row] = await rt.db.insert(scheduledReports).values({ ...resolved, ownerId: access.userId, linkOrigin }).returning();
  return row!;
}

export async function updateReport(rt: Runtime, access: Access, id: string, input: ReportInput): Promise<ReportRow> {
  const current = await editableReport(rt, access, id);
  const resolved = await withSavedView(rt, current.ownerId, input);
  await check(rt, current.ownerId, resolved);
  const [row] = await rt.db.update(scheduledReports).set(resolved).where(eq(scheduledReports.id, id)).returning();
  return row!;
}

export async function reportDeliveryLog(rt: Runtime, reportId: string) {
  return rt.db.select().from(reportDeliveries).where(eq(reportDeliveries.reportId, reportId)).orderBy(desc(reportDeliveries.at)).limit(200);
}
