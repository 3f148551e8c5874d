/**
 * The manifest of a backup (manifest.json beside its files): what made it, which schema versions
 * its data has, every file with its size and SHA-256, and per (source, billing month) the row
 * counts and cost totals a restore must reproduce.
 */
import { z } from "zod";

export const MANIFEST_KEY = "manifest.json";
export const MANIFEST_FORMAT = 1;

const fileEntry = z.object({
  /** Key relative to the backup's folder, e.g. `clickhouse/focus_billing_data/202601-src.tsv.gz`. */
  key: z.string(),
  store: z.enum(["postgres", "clickhouse"]),
  table: z.string(),
  rows: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const monthTotal = z.object({
  sourceId: z.string(),
  month: z.string(),
  rows: z.number().int().nonnegative(),
  billedCost: z.string(),
  effectiveCost: z.string(),
});

export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  id: z.string(),
  createdAt: z.string(),
  abiVersion: z.string(),
  /** Tag of the last applied Drizzle migration, e.g. `0005_plugin_registry`. */
  postgresSchema: z.string(),
  /** Name of the last applied ClickHouse migration, e.g. `0032_quarantine_cost`. */
  clickhouseSchema: z.string(),
  mode: z.object({ postgres: z.enum(["embedded", "server"]), clickhouse: z.enum(["embedded", "server"]) }),
  files: z.array(fileEntry),
  totals: z.array(monthTotal),
});

export type BackupManifest = z.infer<typeof manifestSchema>;
export type BackupFile = z.infer<typeof fileEntry>;
export type MonthTotal = z.infer<typeof monthTotal>;

export function parseManifest(text: string): BackupManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new BackupError("the backup's manifest.json is not valid JSON");
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new BackupError(`the backup's manifest.json is not an ABI backup manifest (${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

/** A refusal or failure the person running backup/restore can act on; its message is shown as is. */
export class BackupError extends Error {
  override name = "BackupError";
}
