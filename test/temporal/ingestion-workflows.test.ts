import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { S3Client } from "@aws-sdk/client-s3";
import { startMonthRun, startBackfill } from "~/domain/ingestion/start-runs";
import { listRuns } from "~/domain/ingestion/list-runs";
import { runDetail } from "~/domain/ingestion/run-detail";
import { syncSourceSchedule, describeSourceSchedule } from "~/domain/ingestion/schedules";
import { scopePath } from "~/domain/sources/azure-cost-details";
import { encryptSecrets } from "~/domain/sources/secrets";
import { dataSources } from "~/domain/db/schema";
import { startAzureStandin, type AzureStandin } from "../support/azure-standin";
import { startS3Server, type S3TestServer } from "../support/s3-server";
import { putExportRun } from "../support/azure-export-fixtures";
import { createSource, generatedMonth, monthTotals, startHarness } from "./harness";
import { monthsAgo } from "~/domain/ingestion/months";
import { resetEnvCache } from "~/domain/runtime/env";

// Last month: Cost Details serves it, and exports of it are submitted early this month.
const MONTH = monthsAgo(1);
const submitted = (day: number, hour = 3) => `${monthsAgo(0)}-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00Z`;
const PREV = monthsAgo(2);
const EA = { kind: "eaBillingAccount" as const, billingAccountId: "8611537" };

let h: Awaited<ReturnType<typeof startHarness>>;
let s3: S3TestServer;
let s3client: S3Client;
let azure: AzureStandin;
let gen: Awaited<ReturnType<typeof generatedMonth>>;

async function runToEnd(start: Promise<{ workflowId: string; runId: string }>) {
  const { workflowId, runId } = await start;
  const client = await h.client();
  const outcome = await client.workflow.getHandle(workflowId, runId).result().then(
    (result) => ({ ok: true as const, result }),
    (error: Error) => ({ ok: false as const, error }),
  );
  return { workflowId, runId, ...outcome };
}

async function putMonth(root: string, month: string, files: { actual: string; amortized: string }, submittedTime: string) {
  for (const [exportName, type, file] of [["daily-actual", "ActualCost", files.actual], ["daily-amortized", "AmortizedCost", files.amortized]] as const) {
    await putExportRun(s3client, { bucket: "exports", root, exportName, month, type, submittedTime, parts: [{ name: "part_0_0001.csv", body: fs.readFileSync(file) }] });
  }
}

beforeAll(async () => {
  h = await startHarness();
  s3 = await startS3Server({ buckets: ["exports"] });
  s3client = new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
  azure = await startAzureStandin({ pollRetryAfterSec: 0 });
  // The stand-in is on loopback, outside the Azure host allow-list.
  process.env.ABI_AZURE_HOSTS_EXTRA = "127.0.0.1";
  resetEnvCache();
  gen = await generatedMonth(MONTH, 100);
});

afterAll(async () => {
  await h?.close();
  await s3?.stop();
  await azure?.close();
});

describe("ingestSourceMonth on a real Temporal server with the real worker", () => {
  let sourceId: string;
  let first: { rows: number; billed: string; effective: string };

  it("pulls an S3 export month, converts, validates and swaps it in, with lineage in the console", async () => {
    await putMonth("costs/ea", MONTH, { actual: gen.actual.path, amortized: gen.amortized.path }, submitted(2, 3));
    const source = await createSource(h.rt, "ea-exports", "azure-exports-s3",
      { endpoint: s3.endpoint, bucket: "exports", prefix: "costs/ea", accessKeyId: s3.accessKeyId }, { secretAccessKey: s3.secretAccessKey });
    sourceId = source.id;
    const run = await runToEnd(startMonthRun(h.rt, { sourceId, month: MONTH }));
    expect(run.ok, run.ok ? "" : run.error.message).toBe(true);
    first = await monthTotals(h.rt, sourceId, MONTH);
    expect(first.rows).toBeGreaterThan(0);

    const [row] = await listRuns(h.rt, { sourceId });
    expect(row).toMatchObject({ status: "completed", month: MONTH, sourceName: "ea-exports" });
    expect(row!.rows!.loaded).toBe(first.rows);
    expect(row!.rows!.in).toBe(row!.rows!.loaded + row!.rows!.quarantined + row!.rows!.excluded);
    expect(row!.totals[0]?.billedCost).toBe(first.billed);

    const detail = await runDetail(h.rt, run.workflowId, run.runId);
    expect(detail.steps.map((s) => s.name)).toEqual(["extract", "stage", "convert", "validate", "swap", "data quality"]);
    expect(detail.files).toHaveLength(2);
    for (const f of detail.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(detail.validation.length).toBeGreaterThan(100);
  });

  it("re-running the month gives identical totals and no restatement", async () => {
    const run = await runToEnd(startMonthRun(h.rt, { sourceId, month: MONTH }));
    expect(run.ok).toBe(true);
    expect(await monthTotals(h.rt, sourceId, MONTH)).toEqual(first);
    expect((run as { result: { restatements: number } }).result.restatements).toBe(0);
  });

  it("records restatements when a newer export revises the month", async () => {
    const revised = await generatedMonth(MONTH, 100, 8);
    await putMonth("costs/ea", MONTH, { actual: revised.actual.path, amortized: revised.amortized.path }, submitted(3, 3));
    const run = await runToEnd(startMonthRun(h.rt, { sourceId, month: MONTH }));
    expect(run.ok).toBe(true);
    const detail = await runDetail(h.rt, run.workflowId, run.runId);
    expect(detail.restatements.length).toBeGreaterThan(0);
    first = await monthTotals(h.rt, sourceId, MONTH);
  });

  it("fails with the reason on a wrong S3 secret and keeps the month's data", async () => {
    await h.rt.db.update(dataSources).set({ secretCiphertext: encryptSecrets(h.rt.env, { secretAccessKey: "wrong-secret-value" }) }).where(eq(dataSources.id, sourceId));
    const run = await runToEnd(startMonthRun(h.rt, { sourceId, month: MONTH }));
    expect(run.ok).toBe(false);
    const [row] = await listRuns(h.rt, { sourceId });
    expect(row!.status).toBe("failed");
    expect(row!.error).toMatch(/secret|signature|credential|access/i);
    expect(await monthTotals(h.rt, sourceId, MONTH)).toEqual(first);
    await h.rt.db.update(dataSources).set({ secretCiphertext: encryptSecrets(h.rt.env, { secretAccessKey: s3.secretAccessKey }) }).where(eq(dataSources.id, sourceId));
  });

  it("fails on an unreachable S3 endpoint with that reason", async () => {
    const source = await createSource(h.rt, "nowhere", "azure-exports-s3", { endpoint: "http://127.0.0.1:9", bucket: "exports", accessKeyId: "x" }, { secretAccessKey: "y" });
    const run = await runToEnd(startMonthRun(h.rt, { sourceId: source.id, month: MONTH }));
    expect(run.ok).toBe(false);
    const [row] = await listRuns(h.rt, { sourceId: source.id });
    expect(row!.error).toMatch(/reach|connect|ECONNREFUSED/i);
  });

  it("fails on a corrupt export file and keeps the month's data", async () => {
    await putExportRun(s3client, {
      bucket: "exports", root: "costs/ea", exportName: "daily-amortized", month: MONTH, type: "AmortizedCost", submittedTime: submitted(4, 3),
      parts: [{ name: "part_0_0001.csv", body: "this is not,a cost export\n\u0000\u0001garbage" }],
    });
    const run = await runToEnd(startMonthRun(h.rt, { sourceId, month: MONTH }));
    expect(run.ok).toBe(false);
    const [row] = await listRuns(h.rt, { sourceId });
    expect(row!.status).toBe("failed");
    expect(row!.error).toBeTruthy();
    expect(await monthTotals(h.rt, sourceId, MONTH)).toEqual(first);
  });

  it("backfills several months as child workflows", async () => {
    const prev = await generatedMonth(PREV, 100, 9);
    await putMonth("costs/other", PREV, { actual: prev.actual.path, amortized: prev.amortized.path }, `${MONTH}-02T03:00:00Z`);
    await putMonth("costs/other", MONTH, { actual: gen.actual.path, amortized: gen.amortized.path }, submitted(2, 3));
    const source = await createSource(h.rt, "ea-backfill", "azure-exports-s3",
      { endpoint: s3.endpoint, bucket: "exports", prefix: "costs/other", accessKeyId: s3.accessKeyId }, { secretAccessKey: s3.secretAccessKey });
    const run = await runToEnd(startBackfill(h.rt, { sourceId: source.id, from: PREV, to: MONTH }));
    expect(run.ok).toBe(true);
    expect((run as { result: { months: { month: string; ok: boolean }[] } }).result.months).toEqual([{ month: PREV, ok: true }, { month: MONTH, ok: true }]);
    expect((await monthTotals(h.rt, source.id, PREV)).rows).toBeGreaterThan(0);
    expect((await monthTotals(h.rt, source.id, MONTH)).rows).toBeGreaterThan(0);
  });
});

describe("Azure Cost Details source", () => {
  it("slows down through a 429 storm and completes", async () => {
    azure.setReport({ scope: scopePath(EA), metric: "ActualCost", month: MONTH }, { blobs: [fs.readFileSync(gen.actual.path)] });
    azure.setReport({ scope: scopePath(EA), metric: "AmortizedCost", month: MONTH }, { blobs: [fs.readFileSync(gen.amortized.path)] });
    const source = await createSource(h.rt, "ea-api", "azure-cost-details",
      { scope: EA, tenantId: azure.credential.tenantId, clientId: azure.credential.clientId, authorityHost: azure.authorityHost, resourceManagerEndpoint: azure.resourceManagerEndpoint },
      { clientSecret: azure.credential.clientSecret });
    azure.faults.throttle = { count: 4, headers: { "retry-after": "1", "x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after": "1" } };
    const run = await runToEnd(startMonthRun(h.rt, { sourceId: source.id, month: MONTH }));
    expect(run.ok, run.ok ? "" : run.error.message).toBe(true);
    expect(azure.stats.throttled).toBe(4);
    expect(azure.stats.prematureRetries).toBe(0);
    const viaApi = await monthTotals(h.rt, source.id, MONTH);
    const viaS3 = await monthTotals(h.rt, (await listRuns(h.rt)).find((r) => r.sourceName === "ea-backfill")!.sourceId, MONTH);
    expect(viaApi).toEqual(viaS3);
  });

  it("fails at once, without retries, on bad credentials", async () => {
    const source = await createSource(h.rt, "ea-api-bad", "azure-cost-details",
      { scope: EA, tenantId: azure.credential.tenantId, clientId: azure.credential.clientId, authorityHost: azure.authorityHost, resourceManagerEndpoint: azure.resourceManagerEndpoint },
      { clientSecret: "not-the-secret" });
    const tokensBefore = azure.stats.tokenRequests;
    const run = await runToEnd(startMonthRun(h.rt, { sourceId: source.id, month: MONTH }));
    expect(run.ok).toBe(false);
    expect(azure.stats.tokenRequests - tokensBefore).toBe(1);
    const [row] = await listRuns(h.rt, { sourceId: source.id });
    expect(row!.error).toMatch(/credential|secret|AADSTS/i);
  });

  it("keeps a daily schedule per source at the configured hour", async () => {
    const [source] = await h.rt.db.select().from(dataSources).where(eq(dataSources.name, "ea-api"));
    await syncSourceSchedule(h.rt, { ...source!, scheduleEnabled: true, scheduleHourUtc: 5 });
    const schedule = await describeSourceSchedule(h.rt, source!.id);
    expect(schedule?.nextRuns[0]).toMatch(/T05:00:00/);
    await syncSourceSchedule(h.rt, { ...source!, scheduleEnabled: false });
    expect(await describeSourceSchedule(h.rt, source!.id)).toBeNull();
  });
});
