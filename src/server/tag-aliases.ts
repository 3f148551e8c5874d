import { loadTagAliasMap } from "~/domain/allocation/rules-store";
import { setTagAliases } from "~/domain/analytics/tag-aliases";
import type { Db } from "~/domain/runtime/postgres";

/** How long this process reuses the alias map before reading it again (other processes may change it). */
const TTL_MS = 5_000;
let loadedAt = 0;

/** Loads the admin-defined tag-key aliases into the analytics layer (at most every 5 s unless forced). */
export async function refreshTagAliases(db: Db, opts: { force?: boolean } = {}): Promise<void> {
  if (!opts.force && Date.now() - loadedAt < TTL_MS) return;
  setTagAliases(await loadTagAliasMap(db));
  loadedAt = Date.now();
}
