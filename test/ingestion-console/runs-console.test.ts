import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { dataSources } from "~/domain/db/schema";
import { decryptSecrets } from "~/domain/sources/secrets";
import { describeSourceSchedule } from "~/domain/ingestion/schedules";
import { monthsAgo } from "~/domain/ingestion/months";
import { createS3Client } from "~/domain/sources/s3-exports";
import { generateEaExports } from "~/domain/seed";
import { runMonthCommand, listRunsCommand, listSourcesCommand, backfillCommand } from "~/domain/commands/runs";
import { receiveUpload, UploadError } from "~/server/uploads/receive-upload";
import { putExportRun } from "../support/azure-export-fixtures";
import { startS3Server, type S3TestServer } from "../support/s3-server";
import { startConsoleSuite, eventually, type ConsoleSuite } from "./console-suite";
import { freePort } from "~/domain/runtime/free-port";

const BUCKET = "billing";
const ROOT = "costexports";
const LAST = monthsAgo(1);
const BEFORE_LAST = monthsAgo(2);
const FIXTURE = path.resolve(__dirname, "../fixtures/azure-ea/EA_AmortizedCost_Small.csv");

let suite: ConsoleSuite;
let s3: S3TestServer;
let work: string;
let s3SourceId: string;
let uploadSourceId: string;


/** Generated EA actual + amortized exports for two months, laid out in the bucket as Cost Management writes them. */
async function putGeneratedExports(seed: number, submittedTime: string, months: number, endMonth: string) {
  const out = fs.mkdtempSync(path.join(work, "gen-"));
  const gen = await generateEaExports({ outDir: out, months, rowsPerDay: 100, seed, endMonth });
  const client = createS3Client({ endpoint: s3.endpoint, bucket: BUCKET, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey });
  for (const f of gen.files) {
    await putExportRun(client, {
      bucket: BUCKET,
      root: ROOT,
      exportName: `ea-${f.kind}`,
      month: f.month,
      submittedTime,
      type: f.kind === "actual" ? "ActualCost" : "AmortizedCost",
      parts: [{ name: "part_0_0001.csv", body: fs.readFileSync(f.path), rowCount: f.rows }],
    });
  }
  return gen;
}

const s3Config = () => ({ endpoint: s3.endpoint, region: "us-east-1", bucket: BUCKET, prefix: ROOT, forcePathStyle: true, accessKeyId: s3.accessKeyId });

async function finished(workflowId: string, runId: string) {
  return eventually(async () => {
    const d = await suite.caller("analyst").ingestion.detail({ workflowId, runId });
    return d.status !== "running" && d;
  });
}

async function monthRows(sourceId: string, month: string): Promise<number> {
  const rs = await suite.rt.ch.query({
    query: "SELECT count() AS n FROM focus_billing_data WHERE x_SourceId = {s:String} AND x_BillingMonth = {m:Date}",
    query_params: { s: sourceId, m: `${month}-01` },
    format: "JSONEachRow",
  });
  return Number((await rs.json<{ n: string }>())[0]!.n);
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "abi-console-"));
  s3 = await startS3Server({ buckets: [BUCKET] });
  await putGeneratedExports(1, `${LAST}-15T06:00:00Z`, 2, LAST);
  suite = await startConsoleSuite("console");
});

afterAll(async () => {
  // A shared Temporal server (TEST_TEMPORAL_ADDRESS) outlives this file: leave no schedule behind.
  if (s3SourceId) await suite.caller("admin").sources.update({ id: s3SourceId, scheduleEnabled: false }).catch(() => undefined);
  await suite?.stop();
  await s3?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

describe("data sources", () => {
  it("generates each plugin's form from its schemas", async () => {
    const forms = await suite.caller("admin").sources.plugins();
    expect(forms.map((f) => f.id)).toEqual(["file-upload", "azure-cost-details", "azure-exports-s3", "focus-files"]);
    const azure = forms.find((f) => f.id === "azure-cost-details")!;
    expect(azure.fields.find((f) => f.key === "scope.kind")?.options?.map((o) => o.label)).toEqual(["EA billing account", "EA department", "EA enrollment account", "MCA billing profile"]);
    expect(azure.fields.find((f) => f.key === "scope.billingAccountId")).toMatchObject({ label: "Billing account ID", required: true });
    expect(azure.fields.find((f) => f.key === "scope.departmentId")?.when).toEqual({ key: "scope.kind", values: ["eaDepartment"] });
    expect(azure.fields.find((f) => f.key === "clientSecret")).toMatchObject({ kind: "secret", required: true });
    const s3Form = forms.find((f) => f.id === "azure-exports-s3")!;
    expect(s3Form.fields.map((f) => [f.key, f.kind, f.required])).toEqual([
      ["endpoint", "url", true], ["region", "text", false], ["bucket", "text", true], ["prefix", "text", false],
      ["forcePathStyle", "boolean", false], ["accessKeyId", "text", true], ["secretAccessKey", "secret", true],
    ]);
    const focusForm = forms.find((f) => f.id === "focus-files")!;
    expect([focusForm.pullsMonths, focusForm.acceptsUploads]).toEqual([true, true]);
    expect(focusForm.fields.map((f) => [f.key, f.kind, f.required])).toEqual([
      ["endpoint", "url", true], ["region", "text", false], ["bucket", "text", true], ["prefix", "text", false],
      ["forcePathStyle", "boolean", false], ["monthLayout", "choice", false], ["focusVersion", "choice", false],
      ["accessKeyId", "secret", true], ["secretAccessKey", "secret", true],
    ]);
  });

  it("creates sources with encrypted secrets that never come back, and syncs the daily schedule", async () => {
    const admin = suite.caller("admin");
    const upload = await admin.sources.create({ name: "Uploads", plugin: "file-upload" });
    uploadSourceId = upload.id;
    const created = await admin.sources.create({ name: "EA exports", plugin: "azure-exports-s3", config: s3Config(), secrets: { secretAccessKey: s3.secretAccessKey }, scheduleEnabled: true, scheduleHourUtc: 5 });
    s3SourceId = created.id;
    expect(created).toMatchObject({ plugin: "azure-exports-s3", secretsSet: ["secretAccessKey"], scheduleEnabled: true, scheduleHourUtc: 5 });
    const listed = await admin.sources.list();
    expect(listed.map((s) => s.name)).toEqual(["EA exports", "Uploads"]);
    expect(listed[0]!.nextRunAt).toMatch(/T05:00:00/);
    for (const answer of [created, listed, await admin.sources.get({ id: created.id })]) expect(JSON.stringify(answer)).not.toContain(s3.secretAccessKey);
    const [row] = await suite.rt.db.select().from(dataSources).where(eq(dataSources.id, created.id));
    expect(row!.secretCiphertext).not.toContain(s3.secretAccessKey);
    expect(decryptSecrets(suite.rt.env, row!.secretCiphertext)).toEqual({ secretAccessKey: s3.secretAccessKey });
    expect((await describeSourceSchedule(suite.rt, created.id))?.hourUtc).toBe(5);
  });

  it("keeps a stored secret when the edit form leaves it empty, and moves the schedule", async () => {
    const updated = await suite.caller("admin").sources.update({ id: s3SourceId, secrets: { secretAccessKey: "" }, scheduleHourUtc: 7 });
    expect(updated.secretsSet).toEqual(["secretAccessKey"]);
    const [row] = await suite.rt.db.select().from(dataSources).where(eq(dataSources.id, s3SourceId));
    expect(decryptSecrets(suite.rt.env, row!.secretCiphertext).secretAccessKey).toBe(s3.secretAccessKey);
    expect((await describeSourceSchedule(suite.rt, s3SourceId))?.hourUtc).toBe(7);
  });

  it("answers bad input with errors a person understands", async () => {
    const admin = suite.caller("admin");
    await expect(admin.sources.create({ name: "Uploads", plugin: "file-upload" })).rejects.toMatchObject({ code: "CONFLICT", message: 'A data source named "Uploads" already exists' });
    await expect(admin.sources.create({ name: "No bucket", plugin: "azure-exports-s3", config: { ...s3Config(), bucket: "" }, secrets: { secretAccessKey: "x" } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("bucket:"),
    });
    await expect(admin.sources.create({ name: "No secret", plugin: "azure-exports-s3", config: s3Config() })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("secretAccessKey") });
    await expect(admin.sources.create({ name: "X", plugin: "ftp" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Unknown plugin") });
    await expect(admin.sources.get({ id: "00000000-0000-4000-8000-000000000000" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(suite.caller("analyst").sources.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(suite.caller("viewer").ingestion.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(suite.caller(null).ingestion.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("tests an S3 connection: the stored secret works, a wrong endpoint or secret fails with the reason", async () => {
    const admin = suite.caller("admin");
    const ok = await admin.sources.testConnection({ plugin: "azure-exports-s3", config: s3Config(), secrets: {}, sourceId: s3SourceId });
    expect(ok).toMatchObject({ ok: true, message: expect.stringContaining(`s3://${BUCKET}/${ROOT}/ has files`) });
    const port = await freePort();
    const unreachable = await admin.sources.testConnection({ plugin: "azure-exports-s3", config: { ...s3Config(), endpoint: `http://127.0.0.1:${port}` }, secrets: { secretAccessKey: "x" } });
    expect(unreachable.ok).toBe(false);
    expect(!unreachable.ok && unreachable.reason).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}`));
    const wrong = await admin.sources.testConnection({ plugin: "azure-exports-s3", config: s3Config(), secrets: { secretAccessKey: "not-the-secret" } });
    expect(!wrong.ok && wrong.reason).toMatch(/secret|signature|credential/i);
  });
});

describe("runs", () => {
  let first: { workflowId: string; runId: string };

  it("refuses months it cannot pull, file-upload sources and unknown sources", async () => {
    const admin = suite.caller("admin");
    await expect(admin.ingestion.runNow({ sourceId: s3SourceId, month: monthsAgo(-1) })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("is in the future") });
    // Only the Cost Details API has a window; an export source can load any past month.
    const costDetails = await admin.sources.create({
      name: "Cost details",
      plugin: "azure-cost-details",
      config: { scope: { kind: "eaBillingAccount", billingAccountId: "8611537" }, tenantId: "t", clientId: "c" },
      secrets: { clientSecret: "s" },
    });
    await expect(admin.ingestion.runNow({ sourceId: costDetails.id, month: "2020-01" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("more than 13 months back") });
    await expect(admin.ingestion.backfill({ sourceId: costDetails.id, from: "2020-01", to: "2020-03" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("more than 13 months back") });
    await admin.sources.delete({ id: costDetails.id });
    await expect(admin.ingestion.runNow({ sourceId: s3SourceId, month: "2026-13" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "month: must be YYYY-MM" });
    await expect(admin.ingestion.runNow({ sourceId: uploadSourceId, month: LAST })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("file-upload source") });
    await expect(admin.ingestion.runNow({ sourceId: "00000000-0000-4000-8000-000000000000", month: LAST })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(admin.ingestion.backfill({ sourceId: s3SourceId, from: monthsAgo(13), to: monthsAgo(0) })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("at most 13 months") });
    await expect(admin.ingestion.backfill({ sourceId: s3SourceId, from: LAST, to: BEFORE_LAST })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("must not be after") });
    await expect(suite.caller("analyst").ingestion.runNow({ sourceId: s3SourceId, month: LAST })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("runs a month from S3; a second start while it runs is a conflict; the list and detail show the result", async () => {
    const admin = suite.caller("admin");
    first = await admin.ingestion.runNow({ sourceId: s3SourceId, month: LAST });
    await expect(admin.ingestion.runNow({ sourceId: s3SourceId, month: LAST })).rejects.toMatchObject({ code: "CONFLICT", message: `a run of ${LAST} for this source is already in progress` });
    const detail = await finished(first.workflowId, first.runId);
    expect(detail.error).toBeNull();
    expect(detail.status).toBe("completed");
    expect(detail.steps.map((s) => s.name)).toEqual(["extract", "stage", "convert", "validate", "swap", "data quality"]);
    // The run page's reconciliation: every billing period's file total is loaded (nothing quarantined in generated data).
    expect(detail.periods.length).toBeGreaterThan(0);
    for (const p of detail.periods) expect([p.unaccounted, p.quarantinedRows, p.fileCost]).toEqual(["0", 0, p.loadedSourceCost]);
    for (const s of detail.steps) expect(Date.parse(s.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(s.startedAt!));
    expect(detail.files.map((f) => f.name).sort()).toEqual(["ea-actual/part_0_0001.csv", "ea-amortized/part_0_0001.csv"]);
    for (const f of detail.files) {
      expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(f.sizeBytes).toBeGreaterThan(0);
    }
    expect(detail.validation.length).toBeGreaterThan(0);
    expect(detail.rows!.loaded).toBe(await monthRows(s3SourceId, LAST));
    expect(detail.totals[0]).toMatchObject({ currency: expect.stringMatching(/^[A-Z]{3}$/), billedCost: expect.stringMatching(/^\d+\.\d+$/) });

    const list = await suite.caller("analyst").ingestion.list({ sourceId: s3SourceId });
    expect(list[0]).toMatchObject({ workflowId: first.workflowId, sourceName: "EA exports", month: LAST, status: "completed", progress: null });
    expect((await admin.sources.list()).find((s) => s.id === s3SourceId)?.lastRun?.runId).toBe(first.runId);
    expect(list[0]!.files.map((f) => [f.name, f.sha256]).sort()).toEqual(detail.files.map((f) => [f.name, f.sha256]).sort());
    // "Where from?" of that month names this run, linked by the workflow id Temporal's visibility gives for its run id.
    const where = await admin.provenance.explain({ from: `${LAST}-01`, to: `${LAST}-28` });
    expect(where.runs.find((r) => r.runId === first.runId)).toMatchObject({ workflowId: first.workflowId, origin: null });
    await expect(admin.ingestion.cancel(first)).rejects.toMatchObject({ code: "CONFLICT", message: "run is completed, not running" });
  });

  it("shows what changed when Azure restates a month", async () => {
    const before = await monthRows(s3SourceId, LAST);
    await putGeneratedExports(2, `${LAST}-20T06:00:00Z`, 1, LAST);
    const again = await suite.caller("admin").ingestion.runNow({ sourceId: s3SourceId, month: LAST });
    const detail = await finished(again.workflowId, again.runId);
    expect(detail.status).toBe("completed");
    expect(detail.restatements.length).toBeGreaterThan(0);
    expect(detail.restatements[0]!.billedBefore).not.toBe(detail.restatements[0]!.billedAfter);
    expect(await monthRows(s3SourceId, LAST)).toBe(detail.rows!.loaded);
    expect(before).toBeGreaterThan(0);
  });

  it("fails a run on a wrong secret with that reason, keeps the month's data, and retries once fixed", async () => {
    const admin = suite.caller("admin");
    const rowsBefore = await monthRows(s3SourceId, LAST);
    await admin.sources.update({ id: s3SourceId, secrets: { secretAccessKey: "not-the-secret" } });
    const bad = await admin.ingestion.runNow({ sourceId: s3SourceId, month: LAST });
    const failed = await finished(bad.workflowId, bad.runId);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/secret|signature|credential/i);
    expect(await monthRows(s3SourceId, LAST)).toBe(rowsBefore);

    await admin.sources.update({ id: s3SourceId, secrets: { secretAccessKey: s3.secretAccessKey } });
    const retried = await admin.ingestion.retry(bad);
    const done = await finished(retried.workflowId, retried.runId);
    expect(done.status).toBe("completed");
    expect(await monthRows(s3SourceId, LAST)).toBe(rowsBefore);
  });

  it("cancels a run that is waiting on an unreachable endpoint", async () => {
    const admin = suite.caller("admin");
    const dead = await admin.sources.create({ name: "Unreachable", plugin: "azure-exports-s3", config: { ...s3Config(), endpoint: `http://127.0.0.1:${await freePort()}` }, secrets: { secretAccessKey: "x" } });
    const run = await admin.ingestion.runNow({ sourceId: dead.id, month: LAST });
    await eventually(async () => (await admin.ingestion.detail(run)).status === "running");
    await admin.ingestion.cancel(run);
    expect((await finished(run.workflowId, run.runId)).status).toBe("cancelled");
    await admin.sources.delete({ id: dead.id });
    expect(await describeSourceSchedule(suite.rt, dead.id)).toBeNull();
    await expect(admin.sources.get({ id: dead.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Each step is in the audit log, newest first, by the admin.
    const audited = (await admin.audit.list({ limit: 4 })).rows.map((r) => [r.action, r.actorEmail, r.target]);
    expect(audited).toEqual([
      ["source.delete", "admin@example.com", "Unreachable"],
      ["run.cancel", "admin@example.com", run.workflowId],
      ["run.start", "admin@example.com", run.workflowId],
      ["source.create", "admin@example.com", "Unreachable"],
    ]);
  });

  it("backfills a range with one run per month", async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const started = await suite.caller("admin").ingestion.backfill({ sourceId: s3SourceId, from: BEFORE_LAST, to: LAST });
    expect(started.months).toEqual([BEFORE_LAST, LAST]);
    const runs = await eventually(async () => {
      const list = (await suite.caller("admin").ingestion.list({ sourceId: s3SourceId })).filter((r) => r.startedAt >= since);
      return list.length === 2 && list.every((r) => r.status !== "running") && list;
    });
    expect(runs.map((r) => [r.month, r.status]).sort()).toEqual([[BEFORE_LAST, "completed"], [LAST, "completed"]]);
    const older = runs.find((r) => r.month === BEFORE_LAST)!;
    expect(older.rows!.loaded).toBe(await monthRows(s3SourceId, BEFORE_LAST));
  });
});

describe("uploads and CLI commands", () => {
  it("streams an uploaded export to disk and ingests it", async () => {
    const body = new FormData();
    body.append("files", new Blob([fs.readFileSync(FIXTURE)]), "EA_AmortizedCost_Small.csv");
    const req = new Request("http://abi.local/api/uploads", { method: "POST", body });
    const admin = { actor: { id: undefined, email: "admin@example.com" }, ip: "192.0.2.10" };
    const up = await receiveUpload(suite.rt, { body: req.body, contentType: req.headers.get("content-type"), sourceId: uploadSourceId }, admin);
    expect(up.files).toEqual([{ name: "EA_AmortizedCost_Small.csv", bytes: fs.statSync(FIXTURE).size }]);
    const [audited] = (await suite.caller("admin").audit.list({ actionPrefix: "upload." })).rows;
    expect(audited).toMatchObject({
      action: "upload.ingest",
      target: "Uploads",
      actorEmail: "admin@example.com",
      ip: "192.0.2.10",
      details: { files: [{ name: "EA_AmortizedCost_Small.csv", bytes: fs.statSync(FIXTURE).size }], workflowId: up.workflowId },
    });
    const detail = await finished(up.workflowId, up.runId);
    expect(detail.status).toBe("completed");
    expect(detail.files).toEqual([expect.objectContaining({ name: "EA_AmortizedCost_Small.csv", sha256: createHash("sha256").update(fs.readFileSync(FIXTURE)).digest("hex") })]);
    expect(detail.rows!.loaded).toBeGreaterThan(0);
  });

  it("refuses wrong file types, sources that pull their own data, and missing files, keeping nothing", async () => {
    const send = async (files: [string, string][], sourceId: string, maxFileBytes?: number) => {
      const body = new FormData();
      for (const [name, text] of files) body.append("files", new Blob([text]), name);
      const req = new Request("http://abi.local/api/uploads", { method: "POST", body });
      return receiveUpload(suite.rt, { body: req.body, contentType: req.headers.get("content-type"), sourceId, maxFileBytes });
    };
    await expect(send([["bill.xlsx", "x"]], uploadSourceId)).rejects.toMatchObject({ status: 415, message: expect.stringContaining("bill.xlsx: upload CSV") });
    await expect(send([["bill.csv", "a,b\n1,2\n"]], s3SourceId)).rejects.toMatchObject({ status: 400, message: "EA exports pulls its own data; upload files to a file-upload source" });
    await expect(send([], uploadSourceId)).rejects.toMatchObject({ status: 400, message: "Choose at least one file to upload" });
    await expect(send([["big.csv", "a,b\n".repeat(100)]], uploadSourceId, 50)).rejects.toBeInstanceOf(UploadError);
    await expect(send([["empty.csv", ""]], uploadSourceId)).rejects.toMatchObject({ status: 400, message: "empty.csv is empty (0 bytes)" });
    const uploads = path.join(suite.rt.env.dataDir, "uploads");
    const left = fs.readdirSync(uploads).flatMap((d) => fs.readdirSync(path.join(uploads, d)));
    expect(left.filter((f) => !f.endsWith("EA_AmortizedCost_Small.csv"))).toEqual([]);
  });

  it("runs, lists and backfills through the CLI's commands", async () => {
    const progress: number[] = [];
    const row = await runMonthCommand.run(suite.rt, { source: "EA exports", month: LAST }, (p) => progress.push(p.done));
    expect(row).toMatchObject({ status: "completed", month: LAST, sourceName: "EA exports" });
    const runs = await listRunsCommand.run(suite.rt, { source: "EA exports", limit: 3 }, () => undefined);
    expect(runs[0]!.runId).toBe(row.runId);
    const sources = await listSourcesCommand.run(suite.rt, {}, () => undefined);
    expect(sources.map((s) => [s.name, s.lastRun?.status])).toEqual([["EA exports", "completed"], ["Uploads", "completed"]]);
    const back = await backfillCommand.run(suite.rt, { source: "EA exports", from: BEFORE_LAST, to: LAST }, () => undefined);
    expect(back).toMatchObject({ status: "completed", months: [{ month: BEFORE_LAST, ok: true }, { month: LAST, ok: true }] });
    await expect(runMonthCommand.run(suite.rt, { source: "nope", month: LAST }, () => undefined)).rejects.toThrow('No data source named "nope"; `abi sources` lists them');
    await expect(runMonthCommand.run(suite.rt, { source: "Uploads", month: LAST }, () => undefined)).rejects.toThrow("is a file-upload source");
  });

  it("takes FOCUS files uploaded to a focus-files source (it pulls months and takes uploads)", async () => {
    const focusCsv = path.resolve(__dirname, "../fixtures/focus-sample/focus-1.2-azure-sample.csv");
    const source = await suite.caller("admin").sources.create({ name: "Any-cloud FOCUS", plugin: "focus-files", config: { endpoint: s3.endpoint, bucket: BUCKET, prefix: "focus" }, secrets: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
    const body = new FormData();
    body.append("files", new Blob([fs.readFileSync(focusCsv)]), "aws-focus.csv");
    const req = new Request("http://abi.local/api/uploads", { method: "POST", body });
    const up = await receiveUpload(suite.rt, { body: req.body, contentType: req.headers.get("content-type"), sourceId: source.id });
    const detail = await finished(up.workflowId, up.runId);
    expect(detail.status).toBe("completed");
    expect(detail.rows!.loaded + detail.rows!.quarantined).toBe(6); // the fixture's data rows
  });
});
