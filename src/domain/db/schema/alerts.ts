import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";
import { timestamps } from "./timestamps";

/**
 * Alerts (issue 13, items 1-2; docs/alerts.md): notification channels (configured uses of a
 * notifier plugin), alert rules, the alerts they opened (one per rule, condition and period) and
 * the delivery log of every attempt to tell a channel.
 */

/** A configured notifier: e-mail, Slack, Teams or a signed webhook. Secrets encrypted like a source's. */
export const notificationChannels = pgTable("notification_channels", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  /** The notifier plugin's id (the registry's `findNotifierPlugin`). */
  plugin: text("plugin").notNull(),
  config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
  /** AES-256-GCM envelope (src/domain/sources/secrets.ts); never returned by the API. */
  secretCiphertext: text("secret_ciphertext"),
  /** Set for an analyst's personal e-mail channel (it only ever mails its owner); null = shared, admin-made. */
  ownerId: uuid("owner_id").references(() => users.id, { onDelete: "cascade" }),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  ...timestamps(),
});

export const ALERT_RULE_KINDS = ["budget", "anomaly", "run_failed", "data_late", "restatement", "validation_failures", "service_unhealthy"] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];
export const alertRuleKindEnum = pgEnum("alert_rule_kind", ALERT_RULE_KINDS);

export const alertRules = pgTable(
  "alert_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    kind: alertRuleKindEnum("kind").notNull(),
    /** The kind's parameters, checked by its zod schema (src/domain/alerts/rule-params.ts). */
    params: jsonb("params").$type<Record<string, unknown>>().notNull(),
    /** The rule is evaluated with its owner's role and billing scope. */
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Shared rules are listed to every analyst; personal ones only to their owner (and admins). */
    shared: boolean("shared").notNull().default(false),
    channelIds: jsonb("channel_ids").$type<string[]>().notNull().default([]),
    /** Absolute origin the messages link back to (NEXTAUTH_URL, else the request's origin at save). */
    linkOrigin: text("link_origin").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    ...timestamps(),
  },
  (t) => [index("alert_rules_owner_idx").on(t.ownerId)],
);

export const alertStateEnum = pgEnum("alert_state", ["open", "acknowledged", "resolved"]);

export type AlertNumbers = { label: string; value: string }[];

export const alerts = pgTable(
  "alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ruleId: uuid("rule_id")
      .notNull()
      .references(() => alertRules.id, { onDelete: "cascade" }),
    /** What fired within the rule, e.g. "actual>=80" or "ServiceName=Storage|EUR". */
    conditionKey: text("condition_key").notNull(),
    /** The period it fired for: budget period start, anomaly day, run id, schedule day. */
    period: text("period").notNull(),
    state: alertStateEnum("state").notNull().default("open"),
    title: text("title").notNull(),
    /** The numbers of the message (label → formatted value), the scope and the link. */
    numbers: jsonb("numbers").$type<AlertNumbers>().notNull().default([]),
    scope: text("scope").notNull(),
    link: text("link").notNull(),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    acknowledgedBy: uuid("acknowledged_by").references(() => users.id, { onDelete: "set null" }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("alerts_rule_condition_period_idx").on(t.ruleId, t.conditionKey, t.period), index("alerts_state_idx").on(t.state)],
);

/** One attempt to tell a channel about an alert opening or resolving. */
export const alertDeliveries = pgTable(
  "alert_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    alertId: uuid("alert_id")
      .notNull()
      .references(() => alerts.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id").references(() => notificationChannels.id, { onDelete: "set null" }),
    channelName: text("channel_name").notNull(),
    event: text("event").$type<"opened" | "resolved">().notNull(),
    attempt: integer("attempt").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    ok: boolean("ok").notNull(),
    error: text("error"),
  },
  (t) => [index("alert_deliveries_alert_idx").on(t.alertId)],
);
