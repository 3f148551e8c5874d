import { index, jsonb, numeric, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid, date } from "drizzle-orm/pg-core";
import { users } from "./users";
import { timestamps } from "./timestamps";

/** A named cost-explorer (or other dashboard) state: the URL query string the page restores. */
export const savedViews = pgTable(
  "saved_views",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** Page path, e.g. "/costs". */
    page: text("page").notNull(),
    /** URL search string without "?" (the whole page state). */
    query: text("query").notNull(),
    ownerId: uuid("owner_id").references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("saved_views_page_idx").on(t.page), uniqueIndex("saved_views_owner_page_name_idx").on(t.ownerId, t.page, t.name)],
);

export const budgetPeriodEnum = pgEnum("budget_period", ["monthly", "quarterly", "yearly"]);
export const budgetMetricEnum = pgEnum("budget_metric", ["EffectiveCost", "BilledCost"]);

export type BudgetFilter = { dim: string; op: "in" | "not_in"; values: string[] };

export const budgets = pgTable("budgets", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  /** Scope: filters on FOCUS columns or tags (same shape as the cost explorer's). */
  filters: jsonb("filters").$type<BudgetFilter[]>().notNull().default([]),
  amount: numeric("amount", { precision: 38, scale: 10 }).notNull(),
  currency: text("currency").notNull(),
  period: budgetPeriodEnum("period").notNull().default("monthly"),
  metric: budgetMetricEnum("metric").notNull().default("EffectiveCost"),
  /** Alert thresholds in percent of the amount, e.g. [50, 80, 100]. */
  thresholds: jsonb("thresholds").$type<number[]>().notNull().default([80, 100]),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  ...timestamps(),
});

export const anomalyStatusEnum = pgEnum("anomaly_status", ["dismissed", "expected"]);

/** A person's verdict on a detected anomaly (dimension value × day × currency). */
export const anomalyFeedback = pgTable(
  "anomaly_feedback",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    dimension: text("dimension").notNull(),
    value: text("value").notNull(),
    day: date("day").notNull(),
    currency: text("currency").notNull(),
    status: anomalyStatusEnum("status").notNull(),
    note: text("note").notNull().default(""),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("anomaly_feedback_key_idx").on(t.dimension, t.value, t.day, t.currency)],
);
