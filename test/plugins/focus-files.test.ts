/**
 * The focus-files plugin against a real S3 server (rclone) and a real embedded runtime (chDB +
 * PGlite): a FOCUS 1.2 CSV in an AWS-style month folder and the FinOps Foundation's FOCUS 1.0
 * sample in a `YYYY-MM` folder. Each month goes through the activity's path (extractSourceMonth →
 * stage → convert → validate → swap). Expected totals come from SQL over the fixture files with
 * ClickHouse file(), never from the plugin or ingest.
 */
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "~/domain/runtime";
import { createS3Client } from "~/domain/sources/s3-exports";
import { createSource } from "~/domain/sources/manage-sources";
import { extractSourceMonth } from "~/domain/ingestion/extract";
import { stageStep, convertStep, validateStep, swapStep } from "~/domain/ingest";
import { requireSourcePlugin } from "~/domain/plugins/registry";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";
import { rows } from "../focus/helpers";
import { startS3Server, type S3TestServer } from "../support/s3-server";

const FOCUS_12 = path.resolve(__dirname, "../fixtures/focus-sample/focus-1.2-azure-sample.csv");
const FOCUS_10 = path.resolve(__dirname, "../fixtures/focus-1.0/focus_sample.csv");
const BUCKET = "multicloud";
const KEY_12 = "focus/BILLING_PERIOD=2024-01/aws-focus-1.2.csv";
const KEY_10 = "focus/2024-09/focus_sample.csv";

let rt: Runtime;
let s3: S3TestServer;
let config: Record<string, unknown>;
let secrets: { accessKeyId: string; secretAccessKey: string };

/** Σ BilledCost per currency of a fixture file, read by ClickHouse itself. */
async function fixtureTotals(file: string) {
  return rows<{ currency: string; billed: string }>(
    rt.ch,
    `SELECT BillingCurrency AS currency, toString(sum(toDecimal128(BilledCost, 10))) AS billed
       FROM file({p:String}, 'CSVWithNames', 'BillingCurrency String, BilledCost String') GROUP BY currency ORDER BY currency`,
    { p: file },
  );
}

/** What the run put in focus_billing_data plus what it quarantined, per currency. */
async function runTotals(runId: string, quarantined: Map<string, string>) {
  const loaded = await rows<{ currency: string; billed: string }>(
    rt.ch,
    "SELECT BillingCurrency AS currency, toString(sum(toDecimal128(BilledCost, 10))) AS billed FROM focus_billing_data WHERE x_IngestRunId = {r:String} GROUP BY currency ORDER BY currency",
    { r: runId },
  );
  return loaded.map((l) => ({ currency: l.currency, billed: (Number(l.billed) + Number(quarantined.get(l.currency) ?? 0)).toFixed(6) }));
}

/** The Temporal activity's sequence, without Temporal. */
async function ingestMonth(sourceId: string, month: string) {
  const runId = randomUUID();
  const extracted = await extractSourceMonth(rt, { sourceId, month, runId });
  let run = await stageStep(rt.ch, { sourceId, runId, files: extracted.files.map((f) => f.path), fileNames: extracted.files.map((f) => f.name) });
  run = await convertStep(rt.ch, run);
  run = await validateStep(rt.ch, run);
  const report = await swapStep(rt.ch, run);
  return { runId, extracted, report };
}

beforeAll(async () => {
  rt = await freshEmbeddedRuntime("focus-files");
  s3 = await startS3Server({ buckets: [BUCKET] });
  secrets = { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey };
  config = { endpoint: s3.endpoint, region: s3.region, bucket: BUCKET, prefix: "focus", forcePathStyle: true };
  const client = createS3Client({ ...config, bucket: BUCKET, ...secrets } as never);
  const put = async (key: string, file: string) => client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: await readFile(file) }));
  await put(KEY_12, FOCUS_12);
  await put(KEY_10, FOCUS_10);
  // The same two files without month folders, for the billing-period-column layout; and a non-data file.
  await put("flat/aws-focus-1.2.csv", FOCUS_12);
  await put("flat/focus_sample.csv", FOCUS_10);
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: "focus/2024-09/focus_sample.csv.metadata.txt", Body: "not data" }));
}, 120_000);

afterAll(async () => {
  await s3?.stop();
  await rt?.close?.();
});

describe("focus-files: test connection", () => {
  it("lists the prefix, reads the first file's header and names its FOCUS version, and finds the months", async () => {
    const steps = await requireSourcePlugin("focus-files").testConnection(requireSourcePlugin("focus-files").configSchema.parse(config), secrets);
    expect(steps.map((s) => [s.step, s.ok])).toEqual([["list the prefix", true], ["read a file header", true], ["find billing months", true]]);
    // Keys sort "focus/2024-09/…" before "focus/BILLING_PERIOD=…": the FOCUS 1.0 sample is read.
    expect(steps[1]!.message).toBe(`${KEY_10} looks like FOCUS 1.0.`);
    expect(steps[2]!.message).toBe("Months found: 2024-01, 2024-09.");
  });

  it("a wrong secret key is one failed step that says the credentials were refused", async () => {
    const steps = await requireSourcePlugin("focus-files").testConnection(requireSourcePlugin("focus-files").configSchema.parse(config), { ...secrets, secretAccessKey: "wrong-secret-value" });
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ step: "list the prefix", ok: false });
    expect(steps[0]!.message).toMatch(/secret|signature|credential|access/i);
    expect(steps[0]!.message).not.toContain("wrong-secret-value");
  });
});

describe("focus-files: each month through the activity's path", () => {
  let sourceId: string;

  beforeAll(async () => {
    sourceId = (await createSource(rt, { name: "multicloud-focus", plugin: "focus-files", config, secrets })).id;
  });

  it.each([
    ["2024-01", KEY_12, FOCUS_12, "1.2"],
    ["2024-09", KEY_10, FOCUS_10, "1.0"],
  ])("%s: downloads only %s and conserves BilledCost per currency", async (month, key, fixture, version) => {
    const { runId, extracted, report } = await ingestMonth(sourceId, month);
    expect(extracted.files.map((f) => f.name)).toEqual([key.slice("focus/".length)]);
    expect(extracted.bytes).toBe((await readFile(fixture)).length);
    expect(report.focusInputs?.map((f) => [f.version, f.source])).toEqual([[version, "header"]]);
    const quarantined = new Map(report.totals.map((t) => [t.currency, t.quarantinedBilledCost]));
    const expected = (await fixtureTotals(fixture)).map((t) => ({ currency: t.currency, billed: Number(t.billed).toFixed(6) }));
    expect(expected.length).toBeGreaterThan(0);
    expect(await runTotals(runId, quarantined)).toEqual(expected);
  });

  it("a FOCUS version set in the config reaches ingest as the file's metadata", async () => {
    const forced = (await createSource(rt, { name: "forced-1-1", plugin: "focus-files", config: { ...config, focusVersion: "1.1" }, secrets })).id;
    const runId = randomUUID();
    const extracted = await extractSourceMonth(rt, { sourceId: forced, month: "2024-09", runId });
    const run = await stageStep(rt.ch, { sourceId: forced, runId, files: extracted.files.map((f) => f.path), fileNames: extracted.files.map((f) => f.name) });
    expect(run.report.focusInputs?.map((f) => [f.version, f.source])).toEqual([["1.1", "metadata"]]);
  });

  it("a Parquet file (the FOCUS 1.2 CSV rewritten by ClickHouse) is pulled and ingested with its cost", async () => {
    const parquet = path.join(os.tmpdir(), `focus-files-${randomUUID()}.parquet`);
    await rt.ch.command({ query: `INSERT INTO FUNCTION file({out:String}, 'Parquet') SELECT * FROM file({p:String}, 'CSVWithNames')`, query_params: { out: parquet, p: FOCUS_12 } });
    const client = createS3Client({ ...config, bucket: BUCKET, ...secrets } as never);
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: "parquet/2024-01/part-0.parquet", Body: await readFile(parquet) }));
    const pq = (await createSource(rt, { name: "parquet-focus", plugin: "focus-files", config: { ...config, prefix: "parquet" }, secrets })).id;
    const { runId, extracted, report } = await ingestMonth(pq, "2024-01");
    expect(extracted.files.map((f) => f.name)).toEqual(["2024-01/part-0.parquet"]);
    const quarantined = new Map(report.totals.map((t) => [t.currency, t.quarantinedBilledCost]));
    const expected = (await fixtureTotals(FOCUS_12)).map((t) => ({ currency: t.currency, billed: Number(t.billed).toFixed(6) }));
    expect(expected.length).toBeGreaterThan(0);
    expect(await runTotals(runId, quarantined)).toEqual(expected);
  });

  it("billing-period-column: the BillingPeriodStart of each file's first row picks the month", async () => {
    const flat = (await createSource(rt, { name: "flat-focus", plugin: "focus-files", config: { ...config, prefix: "flat/", monthLayout: "billing-period-column" }, secrets })).id;
    const jan = await extractSourceMonth(rt, { sourceId: flat, month: "2024-01", runId: randomUUID() });
    expect(jan.files.map((f) => f.name)).toEqual(["aws-focus-1.2.csv"]);
    const sep = await extractSourceMonth(rt, { sourceId: flat, month: "2024-09", runId: randomUUID() });
    expect(sep.files.map((f) => f.name)).toEqual(["focus_sample.csv"]);
    await expect(extractSourceMonth(rt, { sourceId: flat, month: "2023-12", runId: randomUUID() })).rejects.toThrow(/no FOCUS files for 2023-12 under s3:\/\/multicloud\/flat\//);
  });
});
