import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { startS3Server, type S3TestServer } from "../support/s3-server";
import { runAbi } from "../helpers/run-abi";

const FIXTURES = path.resolve("test/fixtures/azure-ea");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-cli-"));
let s3: S3TestServer;

function abi(args: string[], extraEnv: Record<string, string> = {}) {
  return runAbi(dataDir, args, extraEnv);
}

beforeAll(async () => {
  s3 = await startS3Server({ buckets: ["billing"] });
  const client = new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
  await client.send(new PutObjectCommand({ Bucket: "billing", Key: "ea/2023-09/actual.csv", Body: fs.readFileSync(path.join(FIXTURES, "EA_ActualCost_Small.csv")) }));
  await client.send(new PutObjectCommand({ Bucket: "billing", Key: "ea/2023-09/amortized.csv", Body: fs.readFileSync(path.join(FIXTURES, "EA_AmortizedCost_Small.csv")) }));
  client.destroy();
});
afterAll(() => s3?.stop());

describe("abi ingest / export / validate", () => {
  let runId: string;

  it("prints exactly the documented --json shape, decimals as strings", async () => {
    const r = await abi(["ingest", path.join(FIXTURES, "EA_AmortizedCost_Small.csv"), path.join(FIXTURES, "EA_ActualCost_Small.csv"), "--source", "ea-fixture", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(["runId", "dataset", "rows", "totals", "quarantine", "seconds"]);
    expect(out.rows).toEqual({ in: 39, loaded: 29, quarantined: 0, excluded: 10 });
    expect(Object.keys(out.totals[0])).toEqual(["currency", "sourceCost", "billedCost", "effectiveCost"]);
    for (const k of ["sourceCost", "billedCost", "effectiveCost"]) expect(typeof out.totals[0][k]).toBe("string");
    expect(typeof out.seconds).toBe("number");
    runId = out.runId;
  });

  it("reads s3:// URLs (a prefix) from a real S3 server with the same result", async () => {
    const r = await abi(["ingest", "s3://billing/ea/2023-09/", "--source", "ea-from-s3", "--json"], {
      S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rows).toEqual({ in: 39, loaded: 29, quarantined: 0, excluded: 10 });
  });

  it("refuses an unknown file with one line saying which columns are missing, and exits non-zero", async () => {
    const bad = path.join(dataDir, "not-billing.csv");
    fs.writeFileSync(bad, "name,colour\nx,blue\n");
    const r = await abi(["ingest", bad]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^abi: not-billing.csv: not a recognised cost file\. Azure EA\/MCA cost details need Date, Cost, .*Header found: name, colour/);
  });

  it("exports the loaded month as Parquet and CSV", async () => {
    const out = path.join(dataDir, "export.parquet");
    const r = await abi(["export", "--from", "2023-09", "--to", "2023-09", "--format", "parquet", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/exported 58 rows/);
    expect(fs.readFileSync(out).subarray(0, 4).toString()).toBe("PAR1");
    const csv = path.join(dataDir, "export.csv");
    expect((await abi(["export", "--from", "2023-09", "--to", "2023-09", "--format", "csv", "--out", csv, "--source", "ea-fixture"])).code).toBe(0);
    expect(fs.readFileSync(csv, "utf8").trim().split("\n")).toHaveLength(30);
  });

  it("rejects a bad month with the flag's name", async () => {
    const r = await abi(["export", "--from", "2023-9", "--to", "2023-09", "--format", "csv", "--out", "x.csv"]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe("abi: --from must be YYYY-MM");
  });

  it("shows the validation report of a run", async () => {
    const r = await abi(["validate", "--run", runId, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.runId).toBe(runId);
    expect(report.results.length).toBeGreaterThan(100);
    expect(report.results.filter((x: { result: string; level: string }) => x.result === "fail" && x.level === "MUST")).toEqual([]);
  });
});
