import { eq } from "drizzle-orm";
import type { Db } from "../runtime/postgres";
import { dataSources } from "../db/schema";
import { recordAudit, type AuditOrigin } from "../audit/record";

export type DataSource = typeof dataSources.$inferSelect;

export const FILE_UPLOAD_PLUGIN = "file-upload";

export class SourceNotFoundError extends Error {
  override name = "SourceNotFoundError";
}

export async function findSourceByName(db: Db, name: string): Promise<DataSource | undefined> {
  const [row] = await db.select().from(dataSources).where(eq(dataSources.name, name));
  return row;
}

export async function findSource(db: Db, id: string): Promise<DataSource | undefined> {
  const [row] = await db.select().from(dataSources).where(eq(dataSources.id, id));
  return row;
}

/** Files ingested by name alone (CLI, browser upload) belong to a file-upload source of that name. */
export async function ensureFileSource(db: Db, name: string, origin: AuditOrigin = {}): Promise<DataSource> {
  const existing = await findSourceByName(db, name);
  if (existing) return existing;
  const [created] = await db
    .insert(dataSources)
    .values({ name, plugin: FILE_UPLOAD_PLUGIN, config: {}, createdBy: origin.actor?.id ?? undefined })
    .onConflictDoNothing({ target: dataSources.name })
    .returning();
  if (created) {
    await recordAudit(db, { ...origin, action: "source.create", target: name, details: { plugin: FILE_UPLOAD_PLUGIN } });
    return created;
  }
  return (await findSourceByName(db, name))!;
}
