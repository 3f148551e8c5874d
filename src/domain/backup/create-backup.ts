/** `abi backup` and the "Back up now" workflow: both stores into a backup folder of an ObjectStore. */
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Runtime } from "../runtime";
import type { ProgressSink } from "../commands/types";
import { exportPostgres } from "./postgres-tables";
import { exportClickHouse, monthTotals } from "./clickhouse-tables";
import { assertNoIngestRunning } from "./consistency";
import { joinLocation, type BackupPlace } from "./location";
import { MANIFEST_FORMAT, MANIFEST_KEY, type BackupManifest } from "./manifest";
import { storedSchemaVersions } from "./versions";

export type BackupResult = { id: string; location: string; bytes: number };

/** Sortable, readable and unique: `20261205T213000Z-1a2b`. */
export function newBackupId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}-${crypto.randomBytes(2).toString("hex")}`;
}

export async function createBackup(rt: Pick<Runtime, "db" | "ch" | "env">, place: BackupPlace, progress: ProgressSink = () => undefined, id = newBackupId()): Promise<BackupResult & { manifest: BackupManifest }> {
  await assertNoIngestRunning(rt.ch);
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "abi-backup-"));
  try {
    progress({ step: "export PostgreSQL", done: 0, total: 1 });
    const pgFiles = await exportPostgres(rt.db, tmp);
    progress({ step: "export ClickHouse", done: 0, total: 1 });
    const chFiles = await exportClickHouse(rt.ch, tmp);
    const versions = await storedSchemaVersions(rt);
    const manifest: BackupManifest = {
      format: MANIFEST_FORMAT,
      id,
      createdAt: new Date().toISOString(),
      ...versions,
      mode: { postgres: rt.env.DATABASE_URL ? "server" : "embedded", clickhouse: rt.env.CLICKHOUSE_URL ? "server" : "embedded" },
      files: [...pgFiles, ...chFiles],
      totals: await monthTotals(rt.ch),
    };
    const total = manifest.files.reduce((s, f) => s + f.bytes, 0);
    let done = 0;
    const base = `${place.prefix}${id}/`;
    for (const f of manifest.files) {
      await place.store.putFile(base + f.key, path.join(tmp, ...f.key.split("/")));
      done += f.bytes;
      progress({ step: "upload", done, total, unit: "bytes" });
    }
    // The manifest goes last: a backup folder without one is incomplete (failed or still running).
    const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
    await place.store.put(base + MANIFEST_KEY, manifestText, { contentType: "application/json" });
    return { id, location: joinLocation(place.location, id), bytes: total + Buffer.byteLength(manifestText), manifest };
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}
