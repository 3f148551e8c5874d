import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";
import { timestamps } from "./timestamps";

/**
 * Tag-key normalisation (docs/allocation.md): `alias` (stored lower-case) is read as the
 * canonical key `key` wherever tag keys are listed, filtered or grouped. The canonical key
 * itself is matched case-insensitively once any alias row names it.
 */
export const tagKeyAliases = pgTable("tag_key_aliases", {
  id: uuid("id").primaryKey().defaultRandom(),
  alias: text("alias").notNull().unique(),
  key: text("key").notNull(),
  ...timestamps(),
});

/** One allocation rule; its definition lives in versions (each change is a new version). */
export const allocationRules = pgTable("allocation_rules", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  /** Rules claim pool rows in this order (lower first); a row is in at most one pool. */
  position: integer("position").notNull().default(0),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  ...timestamps(),
});

/** The definition stored per version (checked by allocationDefinitionSchema). */
export type AllocationDefinitionJson = Record<string, unknown>;

/**
 * A version applies from `effective_from` (first of a month) until the next version's month.
 * `definition` null = the rule is retired from that month on.
 */
export const allocationRuleVersions = pgTable(
  "allocation_rule_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ruleId: uuid("rule_id").notNull().references(() => allocationRules.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    effectiveFrom: date("effective_from").notNull(),
    definition: jsonb("definition").$type<AllocationDefinitionJson | null>(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("allocation_rule_versions_rule_version_idx").on(t.ruleId, t.version), index("allocation_rule_versions_from_idx").on(t.effectiveFrom)],
);

/** Showback settings (one row, id 'default'): which normalised tag key names a row's team. */
export const allocationSettings = pgTable("allocation_settings", {
  id: text("id").primaryKey(),
  teamTagKey: text("team_tag_key").notNull(),
  ...timestamps(),
});
