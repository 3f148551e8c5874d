/**
 * The raw-file archive (issue 12, 2a) with a real Temporal worker, chDB, PGlite and a real S3
 * server as the platform store: an upload and an S3-export run copy their raw files to
 * raw/<source>/<month>/<run>/; a failed copy is recorded on the run while the ingest stands;
 * "Replay this run" loads the same totals again; retention deletes only expired runs' files.
 * Oracles: the fixture's bytes and SHA-256 (node:crypto), its cost column summed by SQL over the
 * CSV file itself, and the objects the S3 server holds on disk.
 */
import { executeWorkflow } from "~/domain/workflows/client";
import { workflows } from "~/domain/workflows/contract";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { rawArchives, auditLog } from "~/domain/db/schema";
import { monthsAgo } from "~/domain/ingestion/months";
import { createS3Client } from "~/domain/sources/s3-exports";
import { generateEaExports } from "~/domain/seed";
import { receiveUpload } from "~/server/uploads/receive-upload";
import { temporalClient } from "~/domain/runtime/temporal";
import { putExportRun } from "../support/azure-export-fixtures";
import { startS3Server, type S3TestServer } from "../support/s3-server";
import { startConsoleSuite, eventually, type ConsoleSuite } from "../ingestion-console/console-suite";

const FIXTURE = path.resolve(__dirname, "../fixtures/azure-ea/EA_AmortizedCost_Small.csv");
const LAST = monthsAgo(1);
let suite: ConsoleSuite;
let s3: S3TestServer;
let work: string;
let uploadSourceId: string;
let exportSourceId: string;
const runs: Record<string, { workflowId: string; runId: string }> = {};

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const platformDir = () => path.join(s3.dir, "platform", "abi");
const storageForm = (over: Record<string, unknown> = {}) => ({
  endpoint: s3.endpoint, region: "us-east-1", bucket: "platform", prefix: "abi", forcePathStyle: true, verifyTls: true,
  accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, ...over,
});

async function finished(ref: { workflowId: string; runId: string }) {
  return eventually(async () => {
    const d = await suite.caller("analyst").ingestion.detail(ref);
    return d.status !== "running" && d;
  });
}

async function upload(file: string, name: string) {
  const body = new FormData();
  body.append("files", new Blob([fs.readFileSync(file)]), name);
  const req = new Request("http://abi.local/api/uploads", { method: "POST", body });
  return receiveUpload(suite.rt, { body: req.body, contentType: req.headers.get("content-type"), sourceId: uploadSourceId });
}

async function sql<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  return (await suite.rt.ch.query({ query, query_params: params, format: "JSONEachRow" })).json<T>();
}

/** What the source holds per billing month: rows and cost sums, straight from the fact table. */
const sourceTotals = (sourceId: string) =>
  sql<{ month: string; rows: string; billed: string; effective: string }>(
    "SELECT toString(x_BillingMonth) AS month, count() AS rows, toString(sum(BilledCost)) AS billed, toString(sum(EffectiveCost)) AS effective FROM focus_billing_data WHERE x_SourceId = {s:String} GROUP BY month ORDER BY month",
    { s: sourceId },
  );

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "abi-raw-archive-"));
  s3 = await startS3Server({ buckets: ["platform", "billing"] });
  const gen = await generateEaExports({ outDir: work, months: 1, rowsPerDay: 100, seed: 7, endMonth: LAST });
  const client = createS3Client({ endpoint: s3.endpoint, bucket: "billing", accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey });
  for (const f of gen.files) {
    await putExportRun(client, {
      bucket: "billing", root: "costexports", exportName: `ea-${f.kind}`, month: f.month, submittedTime: `${monthsAgo(0)}-02T06:00:00Z`,
      type: f.kind === "actual" ? "ActualCost" : "AmortizedCost", parts: [{ name: "part_0_0001.csv", body: fs.readFileSync(f.path), rowCount: f.rows }],
    });
  }
  suite = await startConsoleSuite("raw-archive");
  const admin = suite.caller("admin");
  await admin.storage.save(storageForm());
  uploadSourceId = (await admin.sources.create({ name: "Uploads", plugin: "file-upload" })).id;
  exportSourceId = (
    await admin.sources.create({
      name: "EA exports", plugin: "azure-exports-s3",
      config: { endpoint: s3.endpoint, region: "us-east-1", bucket: "billing", prefix: "costexports", forcePathStyle: true, accessKeyId: s3.accessKeyId },
      secrets: { secretAccessKey: s3.secretAccessKey },
    })
  ).id;
}, 180_000);

afterAll(async () => {
  await suite?.stop();
  await s3?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

describe("raw archive", () => {
  it("archives an uploaded file under raw/<source>/<month>/<run>/ with its size, listed for analysts", async () => {
    const up = await upload(FIXTURE, "EA_AmortizedCost_Small.csv");
    runs.upload = up;
    expect((await finished(up)).status).toBe("completed");
    const archive = await suite.caller("analyst").storage.runArchive({ runId: up.runId });
    const bytes = fs.statSync(FIXTURE).size;
    expect(archive).toMatchObject({ status: "archived", error: null, sourceId: uploadSourceId, files: [{ name: "EA_AmortizedCost_Small.csv", bytes }] });
    const month = archive!.month;
    expect(month).toMatch(/^\d{4}-\d{2}$/);
    const stored = fs.readFileSync(path.join(platformDir(), "raw", uploadSourceId, month, up.runId, "EA_AmortizedCost_Small.csv"));
    expect(sha(stored)).toBe(sha(fs.readFileSync(FIXTURE)));
    await expect(suite.caller("viewer").storage.runArchive({ runId: up.runId })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("archives a FOCUS 1.3 contract-commitment upload too (it is not staged like cost files)", async () => {
    const file = path.resolve(__dirname, "../fixtures/contract-commitments/contract-commitments.csv");
    const up = await upload(file, "contract-commitments.csv");
    expect((await finished(up)).status).toBe("completed");
    const archive = await suite.caller("admin").storage.runArchive({ runId: up.runId });
    expect(archive).toMatchObject({ status: "archived", files: [{ name: "contract-commitments.csv", bytes: fs.statSync(file).size }] });
    expect(sha(fs.readFileSync(path.join(platformDir(), "raw", uploadSourceId, archive!.month, up.runId, "contract-commitments.csv")))).toBe(sha(fs.readFileSync(file)));
  });

  it("archives the files an S3-export run copied", async () => {
    const run = await suite.caller("admin").ingestion.runNow({ sourceId: exportSourceId, month: LAST });
    runs.export = run;
    expect((await finished(run)).status).toBe("completed");
    const archive = await suite.caller("admin").storage.runArchive({ runId: run.runId });
    expect(archive).toMatchObject({ status: "archived", month: LAST });
    expect(archive!.files.map((f) => f.name).sort()).toEqual(["ea-actual/part_0_0001.csv", "ea-amortized/part_0_0001.csv"]);
    for (const f of archive!.files) {
      const onDisk = path.join(platformDir(), "raw", exportSourceId, LAST, run.runId, ...f.name.split("/"));
      expect(fs.statSync(onDisk).size).toBe(f.bytes);
    }
    const usage = (await suite.caller("admin").storage.usage()).sources;
    expect(usage.find((u) => u.sourceId === exportSourceId)).toMatchObject({ runs: 1, objects: 2, bytes: archive!.files.reduce((n, f) => n + f.bytes, 0), retentionDays: 90 });
  });

  it("replays a run from its archived files: a new, audited run with identical totals", async () => {
    // Oracle: the fixture's own cost column summed by SQL over the CSV file.
    const [file] = await sql<{ cost: string; rows: string }>("SELECT toString(sum(toDecimal128(Cost, 10))) AS cost, count() AS rows FROM file({p:String}, 'CSVWithNames')", { p: FIXTURE });
    const before = await sourceTotals(uploadSourceId);
    expect(before.reduce((n, r) => n + Number(r.rows), 0)).toBe(Number(file!.rows));
    expect(before.reduce((n, r) => n + Number(r.effective), 0)).toBeCloseTo(Number(file!.cost), 6);

    const replay = await suite.caller("admin").storage.replay({ runId: runs.upload!.runId });
    runs.replay = replay;
    expect(replay.runId).not.toBe(runs.upload!.runId);
    const detail = await finished(replay);
    expect(detail.status).toBe("completed");
    expect(detail.files.map((f) => [f.name, f.sha256])).toEqual([["EA_AmortizedCost_Small.csv", sha(fs.readFileSync(FIXTURE))]]);
    expect(await sourceTotals(uploadSourceId)).toEqual(before);
    const [audit] = await suite.rt.db.select().from(auditLog).where(eq(auditLog.action, "run.replay"));
    expect(audit).toMatchObject({ target: replay.workflowId, details: expect.objectContaining({ replayed: runs.upload!.runId }) });
    // The replay archives its files too (its own run folder).
    expect(await suite.caller("admin").storage.runArchive({ runId: replay.runId })).toMatchObject({ status: "archived" });
    await expect(suite.caller("admin").storage.replay({ runId: "no-such-run" })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Run no-such-run has no archived raw files to replay" });
  });

  it("keeps the ingest when the archive cannot be written, and says why on the run", async () => {
    const admin = suite.caller("admin");
    await admin.storage.save(storageForm({ bucket: "gone-bucket", secretAccessKey: "" }));
    try {
      const up = await upload(FIXTURE, "again.csv");
      expect((await finished(up)).status).toBe("completed");
      expect(await admin.storage.runArchive({ runId: up.runId })).toMatchObject({
        status: "failed", files: [], error: "The raw files could not be archived: The bucket does not exist on this server (use Create bucket)",
      });
    } finally {
      await admin.storage.save(storageForm({ secretAccessKey: "" }));
    }
  });

  it("deletes only the archives past their source's retention, from a daily workflow", async () => {
    const admin = suite.caller("admin");
    await admin.storage.setRetention({ sourceId: uploadSourceId, days: 30 });
    await admin.storage.setRetention({ sourceId: exportSourceId, days: 0 });
    const old = new Date(Date.now() - 40 * 86_400_000);
    // The first upload and the export run are 40 days old; the replay is new.
    for (const r of [runs.upload!, runs.export!]) await suite.rt.db.update(rawArchives).set({ archivedAt: old }).where(eq(rawArchives.runId, r.runId));
    const client = await temporalClient(suite.rt.env);
    const result = await executeWorkflow(client, workflows.rawArchiveCleanup, { taskQueue: suite.rt.env.TEMPORAL_TASK_QUEUE, workflowId: `raw-cleanup-test-${Date.now()}`, args: [] });
    expect(result).toEqual({ runs: 1, objects: 1 });

    const month = (await admin.storage.runArchive({ runId: runs.replay!.runId }))!.month;
    expect(fs.existsSync(path.join(platformDir(), "raw", uploadSourceId, month, runs.upload!.runId, "EA_AmortizedCost_Small.csv"))).toBe(false);
    expect(await admin.storage.runArchive({ runId: runs.upload!.runId })).toBeNull();
    expect(fs.existsSync(path.join(platformDir(), "raw", uploadSourceId, month, runs.replay!.runId, "EA_AmortizedCost_Small.csv"))).toBe(true);
    // Retention 0 keeps the export run's files forever.
    expect(await admin.storage.runArchive({ runId: runs.export!.runId })).toMatchObject({ status: "archived" });
    expect(fs.existsSync(path.join(platformDir(), "raw", exportSourceId, LAST, runs.export!.runId, "ea-actual", "part_0_0001.csv"))).toBe(true);
    await expect(admin.storage.setRetention({ sourceId: uploadSourceId, days: -1 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "days: 0 (keep forever) or more days" });
  });
});
