import { z } from "zod";
import { recordAudit } from "../audit/record";
import { createBackup, type BackupResult } from "../backup/create-backup";
import { backupSource, backupTarget } from "../backup/location";
import { platformObjectStore } from "../storage/platform-store";
import { restoreBackup, type RestoreResult } from "../backup/restore-backup";
import type { Command } from "./types";

export const backupArgs = z.object({ to: z.string().trim().min(1, "name a folder or an s3://bucket/prefix").optional() });

/** `abi backup [--to DIR|s3://bucket/prefix]`: both stores into a new backup (default: the platform object store). */
export const backupCommand: Command<z.input<typeof backupArgs>, BackupResult> = {
  name: "backup",
  async run(rt, raw, progress) {
    const args = backupArgs.parse(raw);
    const { manifest: _m, ...result } = await createBackup(rt, backupTarget(rt.env, args.to, await platformObjectStore(rt)), progress);
    await recordAudit(rt.db, { action: "backup.create", target: result.location, details: { id: result.id, bytes: result.bytes, via: "cli" } });
    return result;
  },
};

export const restoreArgs = z.object({ location: z.string().trim().min(1, "name the backup: its folder, s3:// URL or id"), force: z.boolean().default(false) });

/** `abi restore <location> [--force]`: replaces both stores with a backup (CLI only: it replaces the data). */
export const restoreCommand: Command<z.input<typeof restoreArgs>, RestoreResult> = {
  name: "restore",
  async run(rt, raw, progress) {
    const args = restoreArgs.parse(raw);
    const result = await restoreBackup(rt, backupSource(rt.env, args.location, await platformObjectStore(rt)), { force: args.force }, progress);
    // Written after the restore, so the restored audit log records it.
    await recordAudit(rt.db, { action: "backup.restore", target: result.location, details: { id: result.id, force: args.force, via: "cli" } });
    return result;
  },
};
