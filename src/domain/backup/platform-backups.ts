/** Backups of the platform object store, as the admin page and the schedule make them. */
import type { Runtime } from "../runtime";
import type { ObjectStore } from "../storage/object-store";
import { platformObjectStoreFromEnv } from "../storage/platform-store";

/** The one place that picks the platform store for backups (stored storage settings plug in here). */
export function backupStore(rt: Pick<Runtime, "env">): ObjectStore {
  return platformObjectStoreFromEnv(rt.env);
}
