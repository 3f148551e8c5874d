/**
 * What uses an installed plugin, by its kind: data sources use a source plugin (by installation),
 * alert channels use a notifier plugin (by plugin id). The lifecycle (lifecycle.ts) migrates their
 * configs on upgrade and rollback and refuses to uninstall while any exists.
 */
import { asc, eq } from "drizzle-orm";
import { dataSources, notificationChannels } from "../db/schema";
import type { Db } from "../runtime/postgres";
import type { PluginKind } from "./contract";
import type { InstallationRow } from "./registry-store";

export type PluginUser = { id: string; name: string; config: Record<string, unknown> };

/** "data source" or "alert channel": how the refusal and the migrate error name a user. */
export const userNoun = (kind: PluginKind) => (kind === "notifier" ? "alert channel" : "data source");

export async function pluginUsers(db: Db, kind: PluginKind, inst: InstallationRow): Promise<PluginUser[]> {
  if (kind === "notifier") {
    return db.select({ id: notificationChannels.id, name: notificationChannels.name, config: notificationChannels.config }).from(notificationChannels).where(eq(notificationChannels.plugin, inst.pluginId)).orderBy(asc(notificationChannels.name));
  }
  return db.select({ id: dataSources.id, name: dataSources.name, config: dataSources.config }).from(dataSources).where(eq(dataSources.installationId, inst.id)).orderBy(asc(dataSources.name));
}

export async function setPluginUserConfig(db: Db, kind: PluginKind, id: string, config: Record<string, unknown>): Promise<void> {
  if (kind === "notifier") await db.update(notificationChannels).set({ config }).where(eq(notificationChannels.id, id));
  else await db.update(dataSources).set({ config }).where(eq(dataSources.id, id));
}
