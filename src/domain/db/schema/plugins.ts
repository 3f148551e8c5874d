import { boolean, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./timestamps";

/** A plugin ABI knows (built-in, from the catalogue or uploaded), whatever its versions. */
export const plugins = pgTable("plugins", {
  id: text("id").primaryKey(),
  kind: text("kind").$type<"source" | "notifier">().notNull(),
  name: text("name").notNull(),
  publisher: text("publisher").notNull(),
  category: text("category").notNull(),
  description: text("description").notNull().default(""),
  ...timestamps(),
});

export type PluginVersionSource = "builtin" | "catalogue" | "upload";

/** One version of a plugin: its manifest as shipped, the package checksum and changelog. */
export const pluginVersions = pgTable(
  "plugin_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    pluginId: text("plugin_id")
      .notNull()
      .references(() => plugins.id, { onDelete: "cascade" }),
    version: text("version").notNull(),
    manifest: jsonb("manifest").$type<Record<string, unknown>>().notNull(),
    packageSha256: text("package_sha256"),
    changelog: text("changelog").notNull().default(""),
    source: text("source").$type<PluginVersionSource>().notNull(),
    ...timestamps(),
  },
  (t) => [unique("plugin_versions_plugin_version_uq").on(t.pluginId, t.version)],
);

/** The last "test connection" of an installation. */
export type PluginHealth = { ok: boolean; steps: { step: string; ok: boolean; message: string }[]; testedAt: string };

/** `channels`: the configs of a notifier's alert channels, by channel id (notifier plugins only). */
export type PreviousConfigs = { installation: Record<string, unknown>; sources: Record<string, Record<string, unknown>>; channels?: Record<string, Record<string, unknown>> };

/** A plugin installed in this ABI: at most one installation per plugin. */
export const pluginInstallations = pgTable("plugin_installations", {
  id: uuid("id").primaryKey().defaultRandom(),
  pluginId: text("plugin_id")
    .notNull()
    .unique()
    .references(() => plugins.id, { onDelete: "restrict" }),
  activeVersion: text("active_version").notNull(),
  previousVersion: text("previous_version"),
  enabled: boolean("enabled").notNull().default(true),
  config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
  /** AES-256-GCM envelope, as data_sources.secret_ciphertext (src/domain/sources/secrets.ts). */
  secretCiphertext: text("secret_ciphertext"),
  /** The configs as they were under `previousVersion` (installation and each source), restored by a rollback. */
  previousConfigs: jsonb("previous_configs").$type<PreviousConfigs>(),
  health: jsonb("health").$type<PluginHealth>(),
  installedAt: timestamp("installed_at", { withTimezone: true }).notNull().defaultNow(),
  ...timestamps(),
});
