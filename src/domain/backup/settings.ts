import { z } from "zod";
import { eq } from "drizzle-orm";
import { backupSettings } from "../db/schema";
import type { Db } from "../runtime/postgres";

export const backupSettingsInput = z.object({
  scheduleEnabled: z.boolean(),
  hourUtc: z.number().int().min(0, "hour must be 0–23").max(23, "hour must be 0–23"),
  retentionDays: z.number().int().min(1, "keep backups at least 1 day").max(3650, "keep backups at most 3650 days"),
});
export type BackupSettings = z.infer<typeof backupSettingsInput>;

const ROW = "default";
export const DEFAULT_BACKUP_SETTINGS: BackupSettings = { scheduleEnabled: false, hourUtc: 2, retentionDays: 14 };

export async function readBackupSettings(db: Db): Promise<BackupSettings> {
  const [row] = await db.select().from(backupSettings).where(eq(backupSettings.id, ROW));
  return row ? { scheduleEnabled: row.scheduleEnabled, hourUtc: row.hourUtc, retentionDays: row.retentionDays } : DEFAULT_BACKUP_SETTINGS;
}

export async function saveBackupSettings(db: Db, s: BackupSettings, by: string | null): Promise<void> {
  await db
    .insert(backupSettings)
    .values({ id: ROW, ...s, updatedBy: by })
    .onConflictDoUpdate({ target: backupSettings.id, set: { ...s, updatedBy: by, updatedAt: new Date() } });
}
