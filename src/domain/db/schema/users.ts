import { index, pgEnum, pgTable, text, timestamp, uuid, boolean } from "drizzle-orm/pg-core";
import { timestamps } from "./timestamps";

export const roleEnum = pgEnum("role", ["admin", "analyst", "viewer"]);
export type Role = (typeof roleEnum.enumValues)[number];

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull().unique(),
    name: text("name").notNull().default(""),
    passwordHash: text("password_hash").notNull(),
    role: roleEnum("role").notNull().default("viewer"),
    disabled: boolean("disabled").notNull().default(false),
    ...timestamps(),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
  },
  (t) => [index("users_role_idx").on(t.role)],
);
