import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { DeleteObjectCommand } from "@aws-sdk/client-s3";
import os from "node:os";
import path from "node:path";
import { gzipSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BadCredentialsError,
  BucketNotFoundError,
  EndpointUnreachableError,
  createS3Client,
  downloadExportRun,
  findLatestExportRuns,
  listExportRuns,
  listObjects,
  testConnection,
  type DownloadProgress,
  type S3ExportsConfig,
} from "~/domain/sources/s3-exports";
import { putExportRun } from "../support/azure-export-fixtures";
import { startS3Server, type S3TestServer } from "../support/s3-server";
import { freePort } from "~/domain/runtime/free-port";

const FIXTURES = path.resolve(__dirname, "../fixtures/azure-ea");
const BUCKET = "billing";
const ROOT = "costexports";

let server: S3TestServer;
let cfg: S3ExportsConfig;
let work: string;
let actual: string;
let amortized: string;
let parquet: Buffer;
const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

/** A real Parquet file, written by the project's embedded ClickHouse (chDB). */
async function makeParquet(dir: string): Promise<Buffer> {
  const { query } = (await import("chdb")) as unknown as { query: (sql: string, format?: string) => string };
  const file = path.join(dir, "focus.parquet");
  query(
    `SELECT 'Virtual Machines' AS ServiceName, toDecimal64('12.3400000000', 10) AS BilledCost, toDate('2026-10-01') AS ChargePeriodStart INTO OUTFILE '${file}' FORMAT Parquet`,
  );
  return readFile(file);
}


beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "abi-s3-exports-"));
  server = await startS3Server({ buckets: [BUCKET] });
  cfg = {
    endpoint: server.endpoint,
    region: server.region,
    bucket: BUCKET,
    prefix: ROOT,
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.secretAccessKey,
    forcePathStyle: true,
  };
  actual = await readFile(path.join(FIXTURES, "EA_ActualCost_Small.csv"), "utf8");
  amortized = await readFile(path.join(FIXTURES, "EA_AmortizedCost_Small.csv"), "utf8");
  parquet = await makeParquet(work);
  const s3 = createS3Client(cfg);
  const base = { bucket: BUCKET, root: ROOT };
  // September: two complete runs, the second one newer.
  await putExportRun(s3, { ...base, exportName: "ea-actual", month: "2026-09", runId: "run-sep-1", submittedTime: "2026-10-02T06:00:00.1234567Z", parts: [{ name: "part_0_0001.csv", body: actual, rowCount: 11 }] });
  await putExportRun(s3, {
    ...base, exportName: "ea-actual", month: "2026-09", runId: "run-sep-2", submittedTime: "2026-10-05T06:00:00.7654321Z",
    parts: [{ name: "part_0_0001.csv", body: actual, rowCount: 11 }, { name: "part_1_0001.csv.gz", body: gzipSync(amortized), rowCount: 28 }],
  });
  // October: the newest run is still being copied (a part is missing), so the older complete one counts.
  await putExportRun(s3, { ...base, exportName: "ea-actual", month: "2026-10", runId: "run-oct-1", submittedTime: "2026-11-01T06:00:00Z", parts: [{ name: "part_0_0001.csv", body: actual }] });
  await putExportRun(s3, {
    ...base, exportName: "ea-actual", month: "2026-10", runId: "run-oct-2", submittedTime: "2026-11-03T06:00:00Z",
    parts: [{ name: "part_0_0001.csv", body: actual }, { name: "part_1_0001.csv", body: actual }], skipUpload: ["part_1_0001.csv"],
  });
  // A FOCUS export in Parquet.
  await putExportRun(s3, { ...base, exportName: "focus", month: "2026-10", runId: "run-focus", submittedTime: "2026-11-02T06:00:00Z", type: "FocusCost", parts: [{ name: "part_0_0001.snappy.parquet", body: parquet, rowCount: 1 }] });
  // Parts without a manifest are not a run; a broken manifest is reported, not used.
  await putExportRun(s3, { ...base, exportName: "ea-actual", month: "2026-08", submittedTime: "2026-09-02T06:00:00Z", parts: [{ name: "part_0_0001.csv", body: actual }], withoutManifest: true });
  await s3.send(new (await import("@aws-sdk/client-s3")).PutObjectCommand({ Bucket: BUCKET, Key: `${ROOT}/ea-actual/20260701-20260731/run-bad/manifest.json`, Body: "{ not json" }));
  // Outside the prefix: ignored.
  await putExportRun(s3, { bucket: BUCKET, root: "other-root", exportName: "ea-actual", month: "2026-09", submittedTime: "2026-12-01T00:00:00Z", parts: [{ name: "part_0_0001.csv", body: actual }] });
});

afterAll(async () => {
  await server?.stop();
  await rm(work, { recursive: true, force: true });
});

describe("S3 export runs against a real S3 server (rclone serve s3)", () => {
  it("finds complete runs by manifest and keeps the newest per export and month", async () => {
    const { runs, latest } = await listExportRuns(cfg);
    expect(latest.map((r) => [r.exportName, r.month, r.runId])).toEqual([
      ["ea-actual", "2026-09", "run-sep-2"],
      ["ea-actual", "2026-10", "run-oct-1"],
      ["focus", "2026-10", "run-focus"],
    ]);
    const sep = latest[0]!;
    expect(sep.parts.map((p) => [p.key.split("/").pop(), p.format, p.rowCount])).toEqual([
      ["part_0_0001.csv", "csv", 11],
      ["part_1_0001.csv.gz", "csv.gz", 28],
    ]);
    expect(sep).toMatchObject({ exportType: "ActualCost", rowCount: 39, complete: true, problems: [] });
    expect(latest[2]!.parts[0]!.format).toBe("parquet");

    const unfinished = runs.find((r) => r.runId === "run-oct-2")!;
    expect(unfinished.complete).toBe(false);
    expect(unfinished.problems.join()).toMatch(/part_1_0001\.csv listed in manifest\.json is not in the bucket/);
    const broken = runs.find((r) => r.manifestKey.includes("run-bad"))!;
    expect(broken.complete).toBe(false);
    expect(broken.problems[0]).toMatch(/not valid JSON/);
    expect(runs.some((r) => r.month === "2026-08")).toBe(false);
    expect(runs.some((r) => r.manifestKey.startsWith("other-root/"))).toBe(false);
  });

  it("filters the latest runs by month and export", async () => {
    const oct = await findLatestExportRuns(cfg, { month: "2026-10" });
    expect(oct.map((r) => r.exportName)).toEqual(["ea-actual", "focus"]);
    expect(await findLatestExportRuns(cfg, { month: "2026-10", exportName: "focus" })).toHaveLength(1);
    expect(await findLatestExportRuns(cfg, { month: "2025-01" })).toEqual([]);
  });

  it("downloads a run's parts streamed to disk with size and sha256", async () => {
    const [run] = await findLatestExportRuns(cfg, { month: "2026-09" });
    const dest = path.join(work, "sep");
    const progress: DownloadProgress[] = [];
    const files = await downloadExportRun(cfg, run!, dest, { onProgress: (p) => progress.push(p) });
    expect(files.map((f) => path.relative(dest, f.path))).toEqual(["part_0_0001.csv", "part_1_0001.csv.gz"]);
    expect(files[0]).toMatchObject({ bytes: Buffer.byteLength(actual), sha256: sha256(actual), format: "csv", rowCount: 11 });
    expect(await readFile(files[0]!.path, "utf8")).toBe(actual);
    expect(gunzipSync(await readFile(files[1]!.path)).toString("utf8")).toBe(amortized);
    expect(files[1]!.sha256).toBe(sha256(await readFile(files[1]!.path)));
    expect(progress.at(-1)).toEqual({ bytesDone: run!.parts[0]!.size + run!.parts[1]!.size, bytesTotal: run!.parts[0]!.size + run!.parts[1]!.size, partsDone: 2, partsTotal: 2 });

    const [focus] = await findLatestExportRuns(cfg, { month: "2026-10", exportName: "focus" });
    const [pq] = await downloadExportRun(cfg, focus!, path.join(work, "focus"));
    expect(pq!.sha256).toBe(sha256(parquet));
    expect((await readFile(pq!.path)).subarray(0, 4).toString()).toBe("PAR1");
  });

  it("downloads all or nothing: a part that vanished after listing leaves no files behind", async () => {
    const s3 = createS3Client(cfg);
    await putExportRun(s3, {
      bucket: BUCKET, root: "vanishing", exportName: "ea-actual", month: "2026-09", runId: "run-v", submittedTime: "2026-10-02T06:00:00Z",
      parts: [{ name: "part_0_0001.csv", body: actual }, { name: "part_1_0001.csv", body: actual }],
    });
    const local = { ...cfg, prefix: "vanishing" };
    const [run] = await findLatestExportRuns(local);
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: run!.parts[1]!.key }));
    const dest = path.join(work, "vanishing");
    const err = await downloadExportRun(local, run!, dest, { attemptsPerPart: 2 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "SourceDataError", retryable: true });
    expect(await readdir(dest, { recursive: true }).then((f) => f.filter((x) => x.endsWith(".csv") || x.endsWith(".partial")))).toEqual([]);
  });

  it("tests the connection for the admin UI", async () => {
    const ok = await testConnection(cfg);
    expect(ok).toMatchObject({ ok: true, objectsUnderPrefix: true });
    expect(ok.latencyMs).toBeGreaterThanOrEqual(0);
    const empty = await testConnection({ ...cfg, prefix: "nothing-here/" });
    expect(empty).toMatchObject({ ok: true, objectsUnderPrefix: false });
  });

  it("reports a wrong secret or unknown access key as non-retryable bad credentials", async () => {
    const wrongSecret = { ...cfg, secretAccessKey: "definitely-wrong" };
    const err = await listExportRuns(wrongSecret).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadCredentialsError);
    expect(err).toMatchObject({ name: "BadCredentialsError", retryable: false, code: "SignatureDoesNotMatch", status: 403 });
    expect((err as Error).message).toMatch(/secret key is wrong/);
    expect(await testConnection(wrongSecret)).toMatchObject({ ok: false, errorName: "BadCredentialsError", retryable: false });

    const unknownKey = await listExportRuns({ ...cfg, accessKeyId: "nobody" }).catch((e: unknown) => e);
    expect(unknownKey).toMatchObject({ name: "BadCredentialsError", code: "InvalidAccessKeyId" });
  });

  it("reports a missing bucket clearly", async () => {
    const err = await listExportRuns({ ...cfg, bucket: "no-such-bucket" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BucketNotFoundError);
    expect((err as Error).message).toMatch(/bucket "no-such-bucket" does not exist/);
    expect(await testConnection({ ...cfg, bucket: "no-such-bucket" })).toMatchObject({ ok: false, errorName: "BucketNotFoundError", retryable: false });
  });

  it("reports an unreachable endpoint as retryable", async () => {
    const down = { ...cfg, endpoint: `http://127.0.0.1:${await freePort()}`, maxAttempts: 1 };
    const err = await listExportRuns(down).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EndpointUnreachableError);
    expect(err).toMatchObject({ retryable: true, code: "ECONNREFUSED" });
    const result = await testConnection(down);
    expect(result).toMatchObject({ ok: false, errorName: "EndpointUnreachableError", retryable: true });
    if (!result.ok) expect(result.reason).toMatch(/cannot reach the S3 endpoint/);
  });

  it("the test server shows files written straight into its directory", async () => {
    await mkdir(path.join(server.dir, BUCKET, "direct"), { recursive: true });
    await writeFile(path.join(server.dir, BUCKET, "direct", "a.csv"), "x\n");
    // rclone's directory cache (1 s in the helper) decides when the file appears.
    let keys: string[] = [];
    for (let i = 0; i < 50 && keys.length === 0; i++) {
      keys = (await listObjects(createS3Client(cfg), { ...cfg, prefix: "direct" })).map((o) => o.key);
      if (keys.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(keys).toEqual(["direct/a.csv"]);
  });
});
