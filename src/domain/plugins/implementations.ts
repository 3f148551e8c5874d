/**
 * The code of each plugin version this process can run, by id and version. The built-ins are
 * compiled in; packages loaded at run time (issue 11, step 3) are added through
 * `addPluginImplementation`. The PostgreSQL registry (registry-store.ts) holds what is known and
 * installed; this map answers "can this process run that version".
 */
import type { SourcePlugin } from "./contract";
import { processSingleton } from "../runtime/singleton";
import { builtinSourcePlugins } from "./registry";

// One map per process: Next.js may load this module once per bundle (routes, pages, the worker).
const loaded = processSingleton("plugins.implementations", () => new Map<string, SourcePlugin>());
const key = (id: string, version: string) => `${id}@${version}`;

export function addPluginImplementation(plugin: SourcePlugin): void {
  loaded.set(key(plugin.manifest.id, plugin.manifest.version), plugin);
}

export function findPluginImplementation(id: string, version: string): SourcePlugin | undefined {
  const hit = loaded.get(key(id, version));
  if (hit) return hit;
  return builtinSourcePlugins().find((p) => p.manifest.id === id && p.manifest.version === version);
}
