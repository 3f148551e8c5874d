import { check, index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { roleEnum, users } from "./users";
import { groups } from "./access";
import { timestamps } from "./timestamps";
import type { DashboardFilter, DashboardRange, LayoutItem, Widget } from "../../dashboards/model";

/**
 * A dashboard a user composed: widgets (each a query on the FOCUS data), their grid layout and
 * the date range and filters every widget inherits. Widgets always run with the viewer's scope.
 */
export const dashboards = pgTable(
  "dashboards",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    range: jsonb("range").$type<DashboardRange>().notNull(),
    filters: jsonb("filters").$type<DashboardFilter[]>().notNull().default([]),
    widgets: jsonb("widgets").$type<Widget[]>().notNull().default([]),
    layout: jsonb("layout").$type<LayoutItem[]>().notNull().default([]),
    /** The template this dashboard was copied from, if any. */
    templateKey: text("template_key"),
    ...timestamps(),
  },
  (t) => [index("dashboards_owner_idx").on(t.ownerId)],
);

export const dashboardShareKindEnum = pgEnum("dashboard_share_kind", ["user", "group", "role"]);
export const dashboardPermissionEnum = pgEnum("dashboard_permission", ["view", "edit"]);

/** Who else may open (view) or change (edit) a dashboard: one user, a group's members, or everyone with at least a role. */
export const dashboardShares = pgTable(
  "dashboard_shares",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    dashboardId: uuid("dashboard_id")
      .notNull()
      .references(() => dashboards.id, { onDelete: "cascade" }),
    kind: dashboardShareKindEnum("kind").notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    groupId: uuid("group_id").references(() => groups.id, { onDelete: "cascade" }),
    role: roleEnum("role"),
    permission: dashboardPermissionEnum("permission").notNull().default("view"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("dashboard_shares_dashboard_idx").on(t.dashboardId),
    index("dashboard_shares_user_idx").on(t.userId),
    check(
      "dashboard_shares_one_subject",
      sql`(${t.kind} = 'user') = (${t.userId} IS NOT NULL) AND (${t.kind} = 'group') = (${t.groupId} IS NOT NULL) AND (${t.kind} = 'role') = (${t.role} IS NOT NULL)`,
    ),
  ],
);
