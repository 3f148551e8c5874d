/**
 * zod schemas of the workflow inputs that cross a process boundary (app or CLI → Temporal → worker):
 * ./client.ts checks every start against them, so a workflow never starts with input it cannot
 * run. Kept apart from ./contract.ts so the workflow sandbox does not bundle zod.
 */
import { z } from "zod";
import type { WorkflowName } from "./contract";

const sourceId = z.string().min(1);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be YYYY-MM");

const pluginVersion = z.string().min(1).max(100).optional();

export const workflowInputSchemas: { [K in WorkflowName]: z.ZodType<unknown[]> } = {
  selfCheck: z.tuple([]),
  ingestSourceMonth: z.tuple([z.object({ sourceId, month, pluginVersion })]),
  backfillSource: z.tuple([z.object({ sourceId, from: month, to: month, concurrency: z.number().int().min(1).max(4).optional(), pluginVersion })]),
  dailySourceIngest: z.tuple([z.object({ sourceId })]),
  dataQualityMonitor: z.tuple([z.object({ sourceId, month, runId: z.string().min(1) })]),
  ingestUpload: z.tuple([z.object({ sourceId, files: z.array(z.object({ path: z.string().min(1), name: z.string().min(1), bytes: z.number().int().min(0) })).min(1) })]),
  rawArchiveCleanup: z.tuple([]),
  backupNow: z.tuple([z.object({ id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9T._-]*$/, "must be a backup id") })]),
  scheduledBackup: z.tuple([]),
  evaluateAlerts: z.tuple([
    z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("schedule") }),
      z.object({ kind: z.literal("run"), sourceId, runId: z.string().min(1), ok: z.boolean(), error: z.string().optional() }),
    ]),
  ]),
  deliverReport: z.tuple([z.object({ reportId: z.uuid(), trigger: z.enum(["schedule", "send_now"]), runAt: z.iso.datetime().optional() })]),
  weeklyDigest: z.tuple([]),
};
