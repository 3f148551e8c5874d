import { proxyActivities } from "@temporalio/workflow";
import type { Activities } from "../activities";
import type { BackupNowInput, ScheduledBackupResult } from "../../src/domain/workflows/contract";

const { runBackup, pruneOldBackups } = proxyActivities<Activities>({
  startToCloseTimeout: "6 hours",
  // The export reads the stores again from the start; a refusal (ingest running) is not retried here.
  retry: { maximumAttempts: 1 },
});

const scheduled = proxyActivities<Activities>({
  startToCloseTimeout: "6 hours",
  // The daily backup retries when an ingestion run was writing: runs finish within the hour.
  retry: { maximumAttempts: 4, initialInterval: "20 minutes", backoffCoefficient: 1},
});

/** "Back up now" on the admin page. */
export async function backupNow(input: BackupNowInput) {
  return runBackup({ id: input.id });
}

/** The daily schedule: a backup, then the retention (only after a backup succeeded). */
export async function scheduledBackup(): Promise<ScheduledBackupResult> {
  const result = await scheduled.runBackup({ scheduled: true });
  const pruned = await pruneOldBackups();
  return { ...result, pruned };
}
