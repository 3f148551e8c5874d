import { bigint, boolean, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";
import { timestamps } from "./timestamps";

/**
 * The platform object store chosen in the browser (issue 12): one row, id "platform". `S3_*`
 * environment variables win over it; with neither, ABI keeps files in `<dataDir>/objects`.
 */
export const platformStorageSettings = pgTable("platform_storage_settings", {
  id: text("id").primaryKey().default("platform"),
  endpoint: text("endpoint"),
  region: text("region").notNull().default("us-east-1"),
  bucket: text("bucket").notNull(),
  prefix: text("prefix").notNull().default("abi"),
  forcePathStyle: boolean("force_path_style").notNull().default(true),
  verifyTls: boolean("verify_tls").notNull().default(true),
  accessKeyId: text("access_key_id").notNull(),
  /** AES-256-GCM envelope of { secretAccessKey }, as data-source secrets are kept. */
  secretCiphertext: text("secret_ciphertext").notNull(),
  updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  ...timestamps(),
});

export type ArchivedFile = { name: string; key: string; bytes: number };

/**
 * The raw billing files of one run, copied to `raw/<source>/<month>/<run>/` in the platform
 * store. A failed copy is kept too (status "failed", error), so the run page can say so.
 */
export const rawArchives = pgTable(
  "raw_archives",
  {
    runId: text("run_id").primaryKey(),
    /** No foreign key: the archive outlives a deleted source until its retention ends. */
    sourceId: uuid("source_id").notNull(),
    month: text("month").notNull(),
    months: jsonb("months").$type<string[]>().notNull().default([]),
    prefix: text("prefix").notNull(),
    files: jsonb("files").$type<ArchivedFile[]>().notNull().default([]),
    bytes: bigint("bytes", { mode: "number" }).notNull().default(0),
    status: text("status").$type<"archived" | "failed">().notNull(),
    error: text("error"),
    archivedAt: timestamp("archived_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("raw_archives_source_idx").on(t.sourceId, t.archivedAt)],
);
