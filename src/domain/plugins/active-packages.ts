/**
 * The code of the active version of each installed plugin package, in this process (filled by
 * packages/runtime-packages.ts at start and after each lifecycle step). The registry
 * (registry.ts) lists these beside the built-ins.
 */
import type { SourcePlugin } from "./contract";

const active = new Map<string, SourcePlugin>();

export function setActivePackagePlugins(list: SourcePlugin[]): void {
  active.clear();
  for (const p of list) active.set(p.manifest.id, p);
}

export function activePackagePlugins(): SourcePlugin[] {
  return [...active.values()].sort((a, b) => a.manifest.id.localeCompare(b.manifest.id));
}
