/**
 * "Test connection" on the storage page: list, put, get and delete of a probe object, each step
 * with its result and latency, stopping at the first failure; and "Create bucket".
 */
import { randomUUID } from "node:crypto";
import { CreateBucketCommand, type S3Client } from "@aws-sdk/client-s3";
import { createS3Client } from "../sources/s3-exports/config";
import { s3ObjectStore, type S3StoreSettings } from "./s3-object-store";
import { storageProblem, type StorageProblem } from "./storage-errors";

export type StorageStep = { step: "list" | "put" | "get" | "delete"; ok: boolean; ms: number; message: string; problem?: StorageProblem };
export type StorageTestResult = { ok: boolean; steps: StorageStep[]; bucketMissing: boolean };

/** Short timeouts and one attempt: the person is waiting for the answer. */
const testClient = (s: S3StoreSettings): S3Client => createS3Client({ ...s, connectTimeoutMs: 4_000, requestTimeoutMs: 10_000, maxAttempts: 1 });

export async function testStorageConnection(s: S3StoreSettings): Promise<StorageTestResult> {
  let client: S3Client;
  try {
    client = testClient(s);
  } catch (err) {
    return { ok: false, bucketMissing: false, steps: [{ step: "list", ok: false, ms: 0, message: (err as Error).message, problem: "other" }] };
  }
  const store = s3ObjectStore(s, client);
  const key = `.abi-probe/${randomUUID()}.txt`;
  const body = `ABI storage probe ${new Date().toISOString()}`;
  const plan: [StorageStep["step"], () => Promise<string>][] = [
    ["list", async () => `${(await store.list(".abi-probe")).length} probe objects left over`],
    ["put", async () => (await store.put(key, body, { contentType: "text/plain" }), `wrote ${Buffer.byteLength(body)} bytes`)],
    ["get", async () => {
      const back = (await store.get(key)).toString("utf8");
      if (back !== body) throw new Error("the object read back differs from the one written");
      return "read back the same bytes";
    }],
    ["delete", async () => (await store.delete(key), "removed the probe object")],
  ];
  const steps: StorageStep[] = [];
  try {
    for (const [step, work] of plan) {
      const t0 = performance.now();
      try {
        const message = await work();
        steps.push({ step, ok: true, ms: Math.round(performance.now() - t0), message });
      } catch (err) {
        const p = storageProblem(err);
        steps.push({ step, ok: false, ms: Math.round(performance.now() - t0), message: p.message, problem: p.problem });
        return { ok: false, steps, bucketMissing: p.problem === "no-such-bucket" };
      }
    }
    return { ok: true, steps, bucketMissing: false };
  } finally {
    client.destroy();
  }
}

export class CreateBucketError extends Error {
  override name = "CreateBucketError";
}

export async function createStorageBucket(s: S3StoreSettings): Promise<void> {
  const client = testClient(s);
  try {
    await client.send(new CreateBucketCommand({ Bucket: s.bucket, ...(s.region && s.region !== "us-east-1" ? { CreateBucketConfiguration: { LocationConstraint: s.region as never } } : {}) }));
  } catch (err) {
    const code = (err as { name?: string }).name;
    if (code === "BucketAlreadyOwnedByYou" || code === "BucketAlreadyExists") return;
    throw new CreateBucketError(`Cannot create bucket ${s.bucket}: ${storageProblem(err).message}`);
  } finally {
    client.destroy();
  }
}
