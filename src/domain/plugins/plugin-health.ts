/**
 * The installation's last "test connection" (plugin_installations.health): written by every
 * connection test that reached the plugin (the marketplace wizard and the source form), read by the
 * installed-plugins dashboard. A test refused before the plugin was asked (bad settings) is not one.
 */
import { eq } from "drizzle-orm";
import { pluginInstallations, type PluginHealth } from "../db/schema";
import type { Db } from "../runtime/postgres";
import type { ConnectionStep } from "./contract";

/** Stores the outcome on the plugin's installation; a plugin not installed has nowhere to keep it. */
export async function recordPluginHealth(db: Db, pluginId: string, steps: ConnectionStep[], at = new Date()): Promise<PluginHealth> {
  const health: PluginHealth = {
    ok: steps.length > 0 && steps.every((s) => s.ok),
    steps: steps.map((s) => ({ step: s.step, ok: s.ok, message: s.message })),
    testedAt: at.toISOString(),
  };
  await db.update(pluginInstallations).set({ health }).where(eq(pluginInstallations.pluginId, pluginId));
  return health;
}
