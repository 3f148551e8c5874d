/**
 * The notifier plugin versions moved to by an upgrade or rollback in this process (lifecycle.ts),
 * by id. The registry (registry.ts) serves these instead of the compiled-in version, so channels
 * send with the version the installation is on.
 */
import type { NotifierPlugin } from "./notifier-contract";
import { processSingleton } from "../runtime/singleton";

const active = processSingleton("plugins.active-notifiers", () => new Map<string, NotifierPlugin>());

export function setActiveNotifier(plugin: NotifierPlugin): void {
  active.set(plugin.manifest.id, plugin);
}

export function activeNotifier(id: string): NotifierPlugin | undefined {
  return active.get(id);
}
