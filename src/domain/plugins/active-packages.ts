/**
 * The code of the active version of each installed plugin package, in this process (filled by
 * packages/runtime-packages.ts at start and after each lifecycle step). The registry
 * (registry.ts) lists these beside the built-ins.
 */
import type { SourcePlugin } from "./contract";
import { processSingleton } from "../runtime/singleton";

// One map per process: Next.js may load this module once per bundle (routes, pages, the worker).
const active = processSingleton("plugins.active-packages", () => new Map<string, SourcePlugin>());

export function setActivePackagePlugins(list: SourcePlugin[]): void {
  active.clear();
  for (const p of list) active.set(p.manifest.id, p);
}

export function activePackagePlugins(): SourcePlugin[] {
  return [...active.values()].sort((a, b) => a.manifest.id.localeCompare(b.manifest.id));
}
