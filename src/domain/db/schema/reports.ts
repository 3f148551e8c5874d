import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";
import { notificationChannels } from "./alerts";
import { timestamps } from "./timestamps";

/**
 * Scheduled reports and the weekly digest (issue 13, items 3 and 5; docs/reports.md): a dashboard
 * page rendered as PDF, XLSX or CSV on a calendar in a time zone, e-mailed through a notifier
 * channel, each user recipient with their own billing scope; every attempt in the delivery log.
 */
export const REPORT_PAGES = ["overview", "costs", "breakdown", "budgets", "anomalies"] as const;
export type ReportPage = (typeof REPORT_PAGES)[number];
export const REPORT_FORMATS = ["pdf", "xlsx", "csv"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const REPORT_FREQUENCIES = ["daily", "weekly", "monthly"] as const;
export type ReportFrequency = (typeof REPORT_FREQUENCIES)[number];

export const scheduledReports = pgTable(
  "scheduled_reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    page: text("page").$type<ReportPage>().notNull(),
    /** A saved view's id, when the report is of a saved view (its page and query string). */
    savedViewId: uuid("saved_view_id"),
    /** Query string of the page (filters, grouping), without "?"; the period is the report's. */
    query: text("query").notNull().default(""),
    format: text("format").$type<ReportFormat>().notNull(),
    frequency: text("frequency").$type<ReportFrequency>().notNull(),
    /** "HH:MM" in `timeZone`. */
    timeOfDay: text("time_of_day").notNull(),
    timeZone: text("time_zone").notNull(),
    /** weekly: 0 = Sunday … 6 = Saturday. */
    dayOfWeek: integer("day_of_week").notNull().default(1),
    /** monthly: 1…28. */
    dayOfMonth: integer("day_of_month").notNull().default(1),
    recipientUserIds: jsonb("recipient_user_ids").$type<string[]>().notNull().default([]),
    recipientEmails: jsonb("recipient_emails").$type<string[]>().notNull().default([]),
    channelId: uuid("channel_id").references(() => notificationChannels.id, { onDelete: "set null" }),
    linkOrigin: text("link_origin").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    ...timestamps(),
  },
  (t) => [index("scheduled_reports_owner_idx").on(t.ownerId)],
);

export const reportDeliveries = pgTable(
  "report_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reportId: uuid("report_id")
      .notNull()
      .references(() => scheduledReports.id, { onDelete: "cascade" }),
    /** "schedule" or "send_now". */
    trigger: text("trigger").notNull(),
    /** A user's e-mail or an address. */
    recipient: text("recipient").notNull(),
    /** Whose scope the output was rendered with. */
    renderedAs: text("rendered_as").notNull(),
    ok: boolean("ok").notNull(),
    error: text("error"),
    objectKey: text("object_key"),
    bytes: integer("bytes"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("report_deliveries_report_idx").on(t.reportId, t.at)],
);

/** Users who opted in to the weekly digest (Monday morning in their time zone). */
export const digestSubscriptions = pgTable("digest_subscriptions", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  timeZone: text("time_zone").notNull(),
  channelId: uuid("channel_id").references(() => notificationChannels.id, { onDelete: "set null" }),
  linkOrigin: text("link_origin").notNull(),
  lastSentWeek: text("last_sent_week"),
  ...timestamps(),
});
