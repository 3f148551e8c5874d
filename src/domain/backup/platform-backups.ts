/** Backups of the platform object store, as the admin page and the schedule make them. */
import type { Runtime } from "../runtime";
import type { ObjectStore } from "../storage/object-store";
import { platformObjectStore } from "../storage/platform-store";

/** The one place that picks the platform store for backups: env, else the saved storage settings, else the data-directory folder. */
export function backupStore(rt: Pick<Runtime, "env" | "db">): Promise<ObjectStore> {
  return platformObjectStore(rt);
}
