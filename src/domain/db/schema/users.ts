import { index, pgEnum, pgTable, text, timestamp, uuid, boolean } from "drizzle-orm/pg-core";
import { timestamps } from "./timestamps";

export const roleEnum = pgEnum("role", ["admin", "analyst", "viewer"]);
export type Role = (typeof roleEnum.enumValues)[number];
export const dataAccessEnum = pgEnum("data_access", ["all", "granted"]);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull().unique(),
    name: text("name").notNull().default(""),
    /** null for accounts that sign in only through an identity provider (OIDC / Entra ID). */
    passwordHash: text("password_hash"),
    role: roleEnum("role").notNull().default("viewer"),
    disabled: boolean("disabled").notNull().default(false),
    /** all: the role applies to all billing data; granted: only the scopes of the user's grants. */
    dataAccess: dataAccessEnum("data_access").notNull().default("all"),
    /** "credentials", or the identity provider that created the account ("oidc", "azure-ad"). */
    authProvider: text("auth_provider").notNull().default("credentials"),
    /** Subject id at the identity provider. */
    externalId: text("external_id"),
    /** Sessions issued before this instant are refused (an admin ended them, or the role changed). */
    sessionsValidAfter: timestamp("sessions_valid_after", { withTimezone: true }),
    ...timestamps(),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
  },
  (t) => [index("users_role_idx").on(t.role)],
);
