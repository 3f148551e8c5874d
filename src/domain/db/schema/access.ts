import { check, index, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { roleEnum, users } from "./users";
import { timestamps } from "./timestamps";

/**
 * Billing scopes. A grant gives a user, or every member of a group, a role on a slice of the
 * billing data: everything, one billing account, one sub account, one resource group, or the
 * rows carrying one tag key=value. docs/access.md has the rules for how grants combine.
 */
export const groups = pgTable("groups", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  description: text("description").notNull().default(""),
  /** Value of the identity provider's group claim that makes a signed-in user a member. */
  oidcGroup: text("oidc_group").unique(),
  ...timestamps(),
});

export const membershipSourceEnum = pgEnum("membership_source", ["manual", "oidc"]);

export const groupMembers = pgTable(
  "group_members",
  {
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** oidc: kept in step with the claim at each sign-in; manual: kept until an admin removes it. */
    source: membershipSourceEnum("source").notNull().default("manual"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index("group_members_user_idx").on(t.userId)],
);

export const scopeKindEnum = pgEnum("scope_kind", ["all", "billing_account", "sub_account", "resource_group", "tag"]);
export type ScopeKind = (typeof scopeKindEnum.enumValues)[number];

export const grants = pgTable(
  "grants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    groupId: uuid("group_id").references(() => groups.id, { onDelete: "cascade" }),
    role: roleEnum("role").notNull(),
    scopeKind: scopeKindEnum("scope_kind").notNull(),
    /** Billing account id, sub account id, resource group name or tag value; "" for all. */
    scopeValue: text("scope_value").notNull().default(""),
    /** The tag key, for scope_kind = 'tag'. */
    tagKey: text("tag_key"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("grants_user_idx").on(t.userId),
    index("grants_group_idx").on(t.groupId),
    check("grants_one_subject", sql`(${t.userId} IS NULL) <> (${t.groupId} IS NULL)`),
    check("grants_tag_key", sql`(${t.scopeKind} = 'tag') = (${t.tagKey} IS NOT NULL)`),
  ],
);

/** Personal API tokens for scripts and the CLI against a server; only the hash is stored. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** sha256 (hex) of the whole token. */
    tokenHash: text("token_hash").notNull().unique(),
    /** The first characters of the token, shown so a person can tell tokens apart. */
    prefix: text("prefix").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_tokens_user_idx").on(t.userId)],
);
