import { boolean, index, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";
import { timestamps } from "./timestamps";
import { pluginInstallations } from "./plugins";

/** A configured source of billing files: an installed plugin plus its settings and secrets. */
export const dataSources = pgTable(
  "data_sources",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull().unique(),
    plugin: text("plugin").notNull(),
    /** The installation the source runs with; filled at boot for sources created before the registry. */
    installationId: uuid("installation_id").references(() => pluginInstallations.id, { onDelete: "restrict" }),
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    /** AES-256-GCM envelope (iv.tag.ciphertext, base64) of the plugin's secret fields. */
    secretCiphertext: text("secret_ciphertext"),
    scheduleEnabled: boolean("schedule_enabled").notNull().default(false),
    scheduleHourUtc: integer("schedule_hour_utc").notNull().default(3),
    /** Days the raw files of its runs stay in the platform store's archive; 0 keeps them forever. */
    rawRetentionDays: integer("raw_retention_days").notNull().default(90),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    ...timestamps(),
  },
  (t) => [index("data_sources_plugin_idx").on(t.plugin)],
);
