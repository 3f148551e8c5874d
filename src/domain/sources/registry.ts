import { eq } from "drizzle-orm";
import type { Db } from "../runtime/postgres";
import { dataSources } from "../db/schema";
import { recordAudit, type AuditOrigin } from "../audit/record";
import { uploadSourcePlugin } from "../plugins/registry";
import { findInstallation } from "../plugins/registry-store";

export type DataSource = typeof dataSources.$inferSelect;

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

/** Files ingested by name alone (CLI, browser upload) belong to a source of that name whose plugin takes uploads. */
export async function ensureFileSource(db: Db, name: string, origin: AuditOrigin = {}): Promise<DataSource> {
  const existing = await findSourceByName(db, name);
  if (existing) return existing;
  const plugin = uploadSourcePlugin().manifest.id;
  const [created] = await db
    .insert(dataSources)
    .values({ name, plugin, config: {}, installationId: (await findInstallation(db, plugin))?.id, createdBy: origin.actor?.id ?? undefined })
    .onConflictDoNothing({ target: dataSources.name })
    .returning();
  if (created) {
    await recordAudit(db, { ...origin, action: "source.create", target: name, details: { plugin } });
    return created;
  }
  return (await findSourceByName(db, name))!;
}
