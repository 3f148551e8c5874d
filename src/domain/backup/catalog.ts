/** The backups in the platform object store (`backups/<id>/`): listed, deleted, pruned by age. */
import type { ObjectStore } from "../storage/object-store";
import { BackupError, MANIFEST_KEY, parseManifest } from "./manifest";
import { PLATFORM_BACKUP_PREFIX } from "./location";

export type BackupListItem = {
  id: string;
  createdAt: string | null;
  bytes: number;
  files: number;
  /** complete: its manifest is written; incomplete: a backup that is running or failed part-way. */
  status: "complete" | "incomplete";
  abiVersion: string | null;
};

export const BACKUP_ID = /^\d{8}T\d{6}Z-[0-9a-f]{4}$/;

export function checkBackupId(id: string): string {
  if (!BACKUP_ID.test(id)) throw new BackupError(`"${id}" is not a backup id`);
  return id;
}

export async function listBackups(store: ObjectStore): Promise<BackupListItem[]> {
  const byId = new Map<string, { bytes: number; files: number; manifest: boolean; modified: Date }>();
  for (const o of await store.list(PLATFORM_BACKUP_PREFIX)) {
    const id = o.key.slice(PLATFORM_BACKUP_PREFIX.length).split("/")[0]!;
    if (!BACKUP_ID.test(id)) continue;
    const e = byId.get(id) ?? { bytes: 0, files: 0, manifest: false, modified: o.modifiedAt };
    e.bytes += o.bytes;
    e.files += 1;
    if (o.key === `${PLATFORM_BACKUP_PREFIX}${id}/${MANIFEST_KEY}`) e.manifest = true;
    if (o.modifiedAt > e.modified) e.modified = o.modifiedAt;
    byId.set(id, e);
  }
  const out: BackupListItem[] = [];
  for (const [id, e] of byId) {
    let createdAt: string | null = null;
    let abiVersion: string | null = null;
    if (e.manifest) {
      const m = parseManifest((await store.get(`${PLATFORM_BACKUP_PREFIX}${id}/${MANIFEST_KEY}`)).toString("utf8"));
      createdAt = m.createdAt;
      abiVersion = m.abiVersion;
    }
    out.push({ id, createdAt: createdAt ?? e.modified.toISOString(), bytes: e.bytes, files: e.files, status: e.manifest ? "complete" : "incomplete", abiVersion });
  }
  return out.sort((a, b) => (a.id < b.id ? 1 : -1));
}

export async function deleteBackup(store: ObjectStore, id: string): Promise<number> {
  const n = await store.deletePrefix(`${PLATFORM_BACKUP_PREFIX}${checkBackupId(id)}/`);
  if (n === 0) throw new BackupError(`there is no backup ${id}`);
  return n;
}

/**
 * Retention: deletes backups made more than `days` days before `now`, always keeping the newest
 * complete backup (a schedule that failed for a while must not leave nothing to restore).
 */
export async function pruneBackups(store: ObjectStore, days: number, now = new Date()): Promise<string[]> {
  const all = await listBackups(store);
  const newestComplete = all.find((b) => b.status === "complete")?.id;
  const cutoff = now.getTime() - days * 86_400_000;
  const old = all.filter((b) => b.id !== newestComplete && Date.parse(b.createdAt ?? "") < cutoff);
  for (const b of old) await store.deletePrefix(`${PLATFORM_BACKUP_PREFIX}${b.id}/`);
  return old.map((b) => b.id);
}
