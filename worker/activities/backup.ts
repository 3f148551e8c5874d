import { Context } from "@temporalio/activity";
import { ApplicationFailure } from "@temporalio/common";
import type { Runtime } from "../../src/domain/runtime";
import type { Progress } from "../../src/domain/commands/types";
import { createBackup, newBackupId, type BackupResult } from "../../src/domain/backup/create-backup";
import { backupTarget } from "../../src/domain/backup/location";
import { platformObjectStore } from "../../src/domain/storage/platform-store";
import { pruneBackups } from "../../src/domain/backup/catalog";
import { readBackupSettings } from "../../src/domain/backup/settings";
import { BackupError } from "../../src/domain/backup/manifest";
import { recordAudit } from "../../src/domain/audit/record";

export function createBackupActivities(rt: Runtime) {
  return {
    /** One backup into the platform store, heartbeating its progress for the admin page. */
    async runBackup(input: { id?: string; scheduled?: boolean }): Promise<BackupResult> {
      const ctx = Context.current();
      let last: Progress = { step: "starting", done: 0, total: 1 };
      ctx.heartbeat(last);
      const timer = setInterval(() => ctx.heartbeat(last), 5_000);
      try {
        const store = await platformObjectStore(rt);
        const { manifest: _m, ...result } = await createBackup(rt, backupTarget(rt.env, undefined, store), (p) => ctx.heartbeat((last = p)), input.id ?? newBackupId());
        if (input.scheduled) await recordAudit(rt.db, { action: "backup.create", target: result.location, details: { id: result.id, bytes: result.bytes, via: "schedule" } });
        return result;
      } catch (err) {
        // A refusal (an ingestion run is writing) is a plain message for the page, not a stack.
        // The schedule retries it (an ingest run finishes); "Back up now" shows it at once.
        if (err instanceof BackupError) throw input.scheduled ? ApplicationFailure.retryable(err.message, "BackupError") : ApplicationFailure.nonRetryable(err.message, "BackupError");
        throw err;
      } finally {
        clearInterval(timer);
      }
    },
    /** Retention of the daily schedule: deletes backups older than the configured days. */
    async pruneOldBackups(): Promise<string[]> {
      const { retentionDays } = await readBackupSettings(rt.db);
      const pruned = await pruneBackups(await platformObjectStore(rt), retentionDays);
      if (pruned.length) await recordAudit(rt.db, { action: "backup.prune", target: `${pruned.length} backups`, details: { ids: pruned, retentionDays, via: "schedule" } });
      return pruned;
    },
  };
}
