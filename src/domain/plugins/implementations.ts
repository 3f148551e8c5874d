/**
 * The code of each plugin version this process can run, by id and version. The built-ins (source
 * and notifier plugins) are compiled in; packages loaded at run time (issue 11, step 3) and other
 * versions are added through `addPluginImplementation`. The PostgreSQL registry (registry-store.ts)
 * holds what is known and installed; this map answers "can this process run that version".
 */
import type { SourcePlugin } from "./contract";
import type { NotifierPlugin } from "./notifier-contract";
import { processSingleton } from "../runtime/singleton";
import { builtinSourcePlugins, notifierPlugins } from "./registry";

export type PluginCode = SourcePlugin | NotifierPlugin;

// One map per process: Next.js may load this module once per bundle (routes, pages, the worker).
const loaded = processSingleton("plugins.implementations", () => new Map<string, PluginCode>());
const key = (id: string, version: string) => `${id}@${version}`;

export function addPluginImplementation(plugin: PluginCode): void {
  loaded.set(key(plugin.manifest.id, plugin.manifest.version), plugin);
}

/** The code of a source or notifier plugin version, if this process has it. */
export function findAnyPluginImplementation(id: string, version: string): PluginCode | undefined {
  const hit = loaded.get(key(id, version));
  if (hit) return hit;
  return [...builtinSourcePlugins(), ...notifierPlugins({ builtinOnly: true })].find((p) => p.manifest.id === id && p.manifest.version === version);
}

/** The code of a source plugin version (what runs and packages load), if this process has it. */
export function findPluginImplementation(id: string, version: string): SourcePlugin | undefined {
  const code = findAnyPluginImplementation(id, version);
  return code?.kind === "source" ? code : undefined;
}
