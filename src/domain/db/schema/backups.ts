import { boolean, integer, pgTable, text } from "drizzle-orm/pg-core";
import { timestamps } from "./timestamps";

/** The daily backup schedule (one row, id "default"): on/off, the UTC hour, and days kept. */
export const backupSettings = pgTable("backup_settings", {
  id: text("id").primaryKey(),
  scheduleEnabled: boolean("schedule_enabled").notNull().default(false),
  hourUtc: integer("hour_utc").notNull().default(2),
  retentionDays: integer("retention_days").notNull().default(14),
  updatedBy: text("updated_by"),
  ...timestamps(),
});
