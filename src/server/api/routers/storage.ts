import { z } from "zod";
import { TRPCError } from "@trpc/server";
import { recordAudit } from "~/domain/audit/record";
import { auditOrigin } from "~/server/audit-origin";
import { objectsFolder } from "~/domain/storage/platform-store";
import {
  envStorageSettings, saveStorageSettings, settingsFromForm, storageSettingsInput, storageSettingsView, StorageSettingsError,
} from "~/domain/storage/storage-settings";
import { createStorageBucket, CreateBucketError, testStorageConnection } from "~/domain/storage/test-storage";
import { ArchiveNotFoundError, archiveUsage, runArchive, setRawRetention } from "~/domain/storage/raw-archive";
import { replayArchivedRun } from "~/domain/storage/replay-run";
import { createTRPCRouter } from "../trpc";
import { adminDomainProcedure, analystDomainProcedure, toTRPCError } from "./ingestion-errors";

/** Storage errors a person can act on; the rest go through the ingestion console's mapping. */
function storageError(err: unknown): unknown {
  if (err instanceof StorageSettingsError || err instanceof CreateBucketError) return new TRPCError({ code: "BAD_REQUEST", message: err.message, cause: err });
  if (err instanceof ArchiveNotFoundError) return new TRPCError({ code: "NOT_FOUND", message: err.message, cause: err });
  return toTRPCError(err);
}

const admin = adminDomainProcedure.use(async ({ next }) => {
  const r = await next();
  if (!r.ok) throw storageError(r.error.cause ?? r.error);
  return r;
});

/** The form, or none: with `S3_*` set, the environment's settings are what is tested. */
const formOrEnv = storageSettingsInput.optional();

/** The environment's settings when `S3_*` is set, else the form's; without either, `missing` as a 400. */
async function envOrForm(rt: Parameters<typeof settingsFromForm>[0], input: z.infer<typeof formOrEnv>, missing: string) {
  const fromEnv = envStorageSettings(rt.env);
  if (fromEnv) return fromEnv;
  if (!input) throw new TRPCError({ code: "BAD_REQUEST", message: missing });
  return settingsFromForm(rt, input);
}

export const storageRouter = createTRPCRouter({
  /** The settings without the secret (secretSet says whether one is stored). */
  settings: admin.query(({ ctx }) => storageSettingsView(ctx.rt, objectsFolder(ctx.rt.env))),

  test: admin.input(formOrEnv).mutation(async ({ ctx, input }) => testStorageConnection(await envOrForm(ctx.rt, input, "Fill in the storage settings to test them"))),

  createBucket: admin.input(formOrEnv).mutation(async ({ ctx, input }) => {
    const s = await envOrForm(ctx.rt, input, "Fill in the storage settings first");
    await createStorageBucket(s);
    await recordAudit(ctx.db, { ...auditOrigin(ctx), action: "storage.create_bucket", target: s.bucket, details: { endpoint: s.endpoint ?? "AWS S3" } });
    return { ok: true, bucket: s.bucket };
  }),

  save: admin.input(storageSettingsInput).mutation(async ({ ctx, input }) => {
    const { changed } = await saveStorageSettings(ctx.rt, input, ctx.session.user.id);
    // The secret's value never goes into the audit row; only that it changed.
    await recordAudit(ctx.db, {
      ...auditOrigin(ctx),
      action: "storage.update",
      target: `s3://${input.bucket}`,
      details: { changed, endpoint: input.endpoint || "AWS S3", region: input.region, prefix: input.prefix, verifyTls: input.verifyTls },
    });
    return storageSettingsView(ctx.rt, objectsFolder(ctx.rt.env));
  }),

  /** What is stored: raw archive bytes and objects per source, with each source's retention. */
  usage: admin.query(async ({ ctx }) => ({ sources: await archiveUsage(ctx.db) })),

  setRetention: admin
    .input(z.object({ sourceId: z.uuid("Pick a data source"), days: z.number({ error: "a number of days" }).int().min(0, "0 (keep forever) or more days").max(3650, "at most 3650 days") }))
    .mutation(async ({ ctx, input }) => {
      const before = await setRawRetention(ctx.db, input.sourceId, input.days);
      if (!before) throw new TRPCError({ code: "NOT_FOUND", message: "No such data source" });
      await recordAudit(ctx.db, { ...auditOrigin(ctx), action: "source.raw_retention", target: before.name, details: { from: before.before, to: input.days } });
      return { ok: true };
    }),

  /** The run page's archived files (ingestion pages are for analysts with all-data access). */
  runArchive: analystDomainProcedure.input(z.object({ runId: z.string().min(1).max(200) })).query(({ ctx, input }) => runArchive(ctx.db, input.runId)),

  replay: admin.input(z.object({ runId: z.string().min(1).max(200) })).mutation(async ({ ctx, input }) => {
    const run = await replayArchivedRun(ctx.rt, input.runId);
    await recordAudit(ctx.db, { ...auditOrigin(ctx), action: "run.replay", target: run.workflowId, details: { replayed: input.runId, sourceId: run.sourceId, month: run.month, files: run.files } });
    return { workflowId: run.workflowId, runId: run.runId };
  }),
});
