import { z } from "zod";
import { TRPCError } from "@trpc/server";
import { recordAudit } from "~/domain/audit/record";
import { BACKUP_ID, deleteBackup, listBackups } from "~/domain/backup/catalog";
import { newBackupId } from "~/domain/backup/create-backup";
import { backupTarget, joinLocation } from "~/domain/backup/location";
import { BackupError } from "~/domain/backup/manifest";
import { platformObjectStore } from "~/domain/storage/platform-store";
import { backupSettingsInput, readBackupSettings, saveBackupSettings } from "~/domain/backup/settings";
import { nextScheduledBackup, recentBackupRuns, startBackupNow, syncBackupSchedule } from "~/domain/backup/workflows";
import { auditOrigin } from "~/server/audit-origin";
import { createTRPCRouter } from "../trpc";
import { adminDomainProcedure } from "./ingestion-errors";

const asTRPC = (err: unknown) => (err instanceof BackupError ? new TRPCError({ code: "BAD_REQUEST", message: err.message, cause: err }) : err);
const temporalDown = "Temporal is not reachable: running backups and the schedule cannot be shown";

/** Backups of the platform object store (admin only). Restore is CLI-only: it replaces all data. */
export const backupsRouter = createTRPCRouter({
  list: adminDomainProcedure.query(async ({ ctx }) => {
    const store = await platformObjectStore(ctx.rt);
    const place = backupTarget(ctx.rt.env, undefined, store);
    const backups = (await listBackups(store)).map((b) => ({ ...b, location: joinLocation(place.location, b.id) }));
    const settings = await readBackupSettings(ctx.rt.db);
    const [runs, nextRun] = await Promise.all([recentBackupRuns(ctx.rt), nextScheduledBackup(ctx.rt)]).catch(() => [null, null] as const);
    return { store: place.location, backups, runs: runs ?? [], nextRun, settings, temporalError: runs === null ? temporalDown : null };
  }),
  start: adminDomainProcedure.mutation(async ({ ctx }) => {
    const id = newBackupId();
    const started = await startBackupNow(ctx.rt, id);
    await recordAudit(ctx.rt.db, { ...auditOrigin(ctx), action: "backup.start", target: id, details: { workflowId: started.workflowId } });
    return { id, ...started };
  }),
  delete: adminDomainProcedure.input(z.object({ id: z.string().regex(BACKUP_ID, "not a backup id") })).mutation(async ({ ctx, input }) => {
    const objects = await deleteBackup(await platformObjectStore(ctx.rt), input.id).catch((err: unknown) => {
      throw asTRPC(err);
    });
    await recordAudit(ctx.rt.db, { ...auditOrigin(ctx), action: "backup.delete", target: input.id, details: { objects } });
    return { id: input.id, objects };
  }),
  saveSchedule: adminDomainProcedure.input(backupSettingsInput).mutation(async ({ ctx, input }) => {
    await syncBackupSchedule(ctx.rt, input);
    await saveBackupSettings(ctx.rt.db, input, ctx.session.user.email ?? null);
    await recordAudit(ctx.rt.db, { ...auditOrigin(ctx), action: "backup.schedule", target: input.scheduleEnabled ? `daily at ${input.hourUtc}:00 UTC` : "off", details: input });
    return { settings: input, nextRun: await nextScheduledBackup(ctx.rt) };
  }),
});
