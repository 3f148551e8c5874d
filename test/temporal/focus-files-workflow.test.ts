/**
 * A focus-files source run by the real ingestSourceMonth workflow on a real Temporal server and the
 * real worker: the FOCUS 1.2 CSV of one month in a bucket on the test S3 server. Expected totals
 * come from SQL over the fixture file (ClickHouse file()).
 */
import fs from "node:fs";
import path from "node:path";
import { S3Client, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMonthRun } from "~/domain/ingestion/start-runs";
import { listRuns } from "~/domain/ingestion/list-runs";
import { startS3Server, type S3TestServer } from "../support/s3-server";
import { createSource, startHarness } from "./harness";

const FIXTURE = path.resolve(__dirname, "../fixtures/focus-sample/focus-1.2-azure-sample.csv");
const MONTH = "2024-01";

let h: Awaited<ReturnType<typeof startHarness>>;
let s3: S3TestServer;

async function sql<T>(query: string, params: Record<string, unknown>): Promise<T[]> {
  return (await (await h.rt.ch.query({ query, query_params: params, format: "JSONEachRow" })).json()) as T[];
}

beforeAll(async () => {
  h = await startHarness();
  s3 = await startS3Server({ buckets: ["clouds"] });
  const client = new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
  await client.send(new PutObjectCommand({ Bucket: "clouds", Key: `aws/BILLING_PERIOD=${MONTH}/part-0.csv`, Body: fs.readFileSync(FIXTURE) }));
});

afterAll(async () => {
  await h?.close();
  await s3?.stop();
});

describe("focus-files through the ingestSourceMonth workflow", () => {
  it("pulls the month's FOCUS file and stores its BilledCost per currency", async () => {
    const source = await createSource(h.rt, "aws-focus", "focus-files",
      { endpoint: s3.endpoint, bucket: "clouds", prefix: "aws" }, { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey });
    const { workflowId, runId } = await startMonthRun(h.rt, { sourceId: source.id, month: MONTH });
    const result = await (await h.client()).workflow.getHandle(workflowId, runId).result();
    expect(result).toBeTruthy();
    const [row] = await listRuns(h.rt, { sourceId: source.id });
    expect(row).toMatchObject({ status: "completed", month: MONTH, sourceName: "aws-focus" });

    const expected = await sql<{ currency: string; billed: string }>(
      `SELECT BillingCurrency AS currency, toString(sum(toDecimal128(BilledCost, 10))) AS billed
         FROM file({p:String}, 'CSVWithNames', 'BillingCurrency String, BilledCost String') GROUP BY currency ORDER BY currency`,
      { p: FIXTURE },
    );
    const stored = await sql<{ currency: string; billed: string }>(
      "SELECT BillingCurrency AS currency, toString(sum(toDecimal128(BilledCost, 10))) AS billed FROM focus_billing_data WHERE x_SourceId = {s:String} GROUP BY currency ORDER BY currency",
      { s: source.id },
    );
    expect(stored.map((r) => [r.currency, Number(r.billed).toFixed(6)])).toEqual(expected.map((r) => [r.currency, Number(r.billed).toFixed(6)]));
    expect(row!.rows!.quarantined).toBe(0);
  });
});
