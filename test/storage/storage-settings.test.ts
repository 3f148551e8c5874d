/**
 * Platform storage settings (issue 12, item 1) against a real S3 server (rclone): good
 * credentials, a wrong secret, a missing bucket (then Create bucket), an unreachable endpoint and
 * an untrusted certificate, each answered in plain words; the secret is never in a response or an
 * audit row; `S3_*` variables win and are shown read-only; the platform store follows the saved row.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { resetEnvCache } from "~/domain/runtime/env";
import { openRuntime, type Runtime } from "~/domain/runtime";
import { createUser } from "~/domain/auth/bootstrap";
import { auditLog, platformStorageSettings } from "~/domain/db/schema";
import { freePort } from "~/domain/runtime/free-port";
import { platformObjectStore } from "~/domain/storage/platform-store";
import { storageProblem } from "~/domain/storage/storage-errors";
import { createS3Client } from "~/domain/sources/s3-exports/config";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { appRouter } from "~/server/api/root";
import { createCallerFactory } from "~/server/api/trpc";
import { startS3Server, type S3TestServer } from "../support/s3-server";

let rt: Runtime;
let s3: S3TestServer;
let tlsS3: S3TestServer;
let work: string;
const ids: Record<string, string> = {};
const factory = createCallerFactory(appRouter);
const as = (role: "admin" | "viewer", runtime: Runtime = rt) =>
  factory({ rt: runtime, db: runtime.db, ch: runtime.ch, headers: new Headers(), session: { expires: "2999-01-01", user: { id: ids[role]!, email: `${role}@example.com`, name: "", role } } });

const form = (over: Record<string, unknown> = {}) => ({
  endpoint: s3.endpoint, region: "us-east-1", bucket: "platform", prefix: "abi", forcePathStyle: true, verifyTls: true,
  accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, ...over,
});

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "abi-storage-settings-"));
  // A self-signed certificate for the https server (TLS verification on → refused, off → works).
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-days", "2",
    "-keyout", path.join(work, "key.pem"), "-out", path.join(work, "cert.pem")], { stdio: "ignore" });
  [s3, tlsS3] = await Promise.all([
    startS3Server({ buckets: ["platform"] }),
    startS3Server({ buckets: ["platform"], tls: { certFile: path.join(work, "cert.pem"), keyFile: path.join(work, "key.pem") } }),
  ]);
  process.env.ABI_DATA_DIR = path.join(work, "data");
  for (const k of ["CLICKHOUSE_URL", "DATABASE_URL", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_ENDPOINT"]) delete process.env[k];
  resetEnvCache();
  rt = await openRuntime({ migrate: true });
  for (const role of ["admin", "viewer"] as const) ids[role] = (await createUser(rt.db, { email: `${role}@example.com`, password: "a-long-password", role })).id;
}, 120_000);

afterAll(async () => {
  await rt?.close();
  await Promise.all([s3?.stop(), tlsS3?.stop()]);
  fs.rmSync(work, { recursive: true, force: true });
});

describe("storage settings", () => {
  it("starts on the data directory's folder, and only admins reach it", async () => {
    const view = await as("admin").storage.settings();
    expect(view).toMatchObject({ source: "default", secretSet: false, location: `folder ${path.join(rt.env.dataDir, "objects")}` });
    await expect(as("admin").storage.save(form({ secretAccessKey: "" }))).rejects.toMatchObject({ code: "BAD_REQUEST", message: "secret key: required (nothing is stored yet)" });
    await expect(as("viewer").storage.settings()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as("viewer").storage.test(form())).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as("viewer").storage.save(form())).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("tests good settings: list, put, get, delete each succeed with a latency, and the probe is gone", async () => {
    const r = await as("admin").storage.test(form());
    expect(r.ok).toBe(true);
    expect(r.steps.map((s) => [s.step, s.ok])).toEqual([["list", true], ["put", true], ["get", true], ["delete", true]]);
    for (const s of r.steps) expect(s.ms).toBeGreaterThanOrEqual(0);
    const probes = path.join(s3.dir, "platform", "abi", ".abi-probe");
    expect(fs.existsSync(probes) ? fs.readdirSync(probes) : []).toEqual([]);
    expect(JSON.stringify(r)).not.toContain(s3.secretAccessKey);
  });

  it("says the secret is wrong", async () => {
    const r = await as("admin").storage.test(form({ secretAccessKey: "not-the-secret-at-all" }));
    expect(r).toMatchObject({ ok: false, bucketMissing: false });
    expect(r.steps).toEqual([expect.objectContaining({ step: "list", ok: false, problem: "wrong-secret", message: "The server refused the credentials: check the access key and the secret key" })]);
  });

  it("says the bucket is missing, creates it, and then the test passes", async () => {
    const admin = as("admin");
    const missing = await admin.storage.test(form({ bucket: "fresh-bucket" }));
    expect(missing).toMatchObject({ ok: false, bucketMissing: true });
    expect(missing.steps[0]).toMatchObject({ step: "list", ok: false, problem: "no-such-bucket", message: "The bucket does not exist on this server (use Create bucket)" });
    await expect(admin.storage.createBucket(form({ bucket: "fresh-bucket" }))).resolves.toEqual({ ok: true, bucket: "fresh-bucket" });
    expect(fs.statSync(path.join(s3.dir, "fresh-bucket")).isDirectory()).toBe(true);
    expect((await admin.storage.test(form({ bucket: "fresh-bucket" }))).ok).toBe(true);
  });

  it("says the endpoint cannot be reached", async () => {
    const port = await freePort();
    const r = await as("admin").storage.test(form({ endpoint: `http://127.0.0.1:${port}` }));
    expect(r.ok).toBe(false);
    expect(r.steps[0]).toMatchObject({
      step: "list", ok: false, problem: "unreachable",
      message: "The storage endpoint cannot be reached (connection refused): check the address, the port and the firewall",
    });
    const dns = await as("admin").storage.test(form({ endpoint: "http://no-such-host.invalid:9000" }));
    expect(dns.steps[0]).toMatchObject({ problem: "unreachable", message: expect.stringContaining("the host name does not resolve") });
  });

  it("names clock skew from the server's real RequestTimeTooSkewed refusal", async () => {
    // A client whose clock runs an hour ahead: the server refuses its signature's time.
    const client = createS3Client({ endpoint: s3.endpoint, bucket: "platform", accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, maxAttempts: 1 });
    client.config.systemClockOffset = 3_600_000;
    const err = await client.send(new ListObjectsV2Command({ Bucket: "platform" })).then(() => null, (e: unknown) => e);
    client.destroy();
    expect(storageProblem(err)).toEqual({
      problem: "clock-skew",
      message: "This server's clock and the storage server's clock differ by more than 15 minutes: fix the time (NTP) on one of them",
    });
  });

  it("refuses a self-signed certificate while TLS verification is on, and accepts it when off", async () => {
    const tls = { endpoint: tlsS3.endpoint, accessKeyId: tlsS3.accessKeyId, secretAccessKey: tlsS3.secretAccessKey };
    expect(tlsS3.endpoint).toMatch(/^https:/);
    const on = await as("admin").storage.test(form(tls));
    expect(on.steps[0]).toMatchObject({ ok: false, problem: "tls", message: expect.stringContaining("certificate is not trusted") });
    const off = await as("admin").storage.test(form({ ...tls, verifyTls: false }));
    expect(off.ok).toBe(true);
    // Only that store's client skips verification: the next verified test still refuses it.
    expect((await as("admin").storage.test(form(tls))).steps[0]).toMatchObject({ problem: "tls" });
  });

  it("saves (secret encrypted, audited without it), keeps the stored secret when the form leaves it empty, and the platform store uses the bucket", async () => {
    const admin = as("admin");
    const saved = await admin.storage.save(form());
    expect(saved).toMatchObject({ source: "settings", bucket: "platform", endpoint: s3.endpoint, secretSet: true, accessKeyId: s3.accessKeyId });
    expect(JSON.stringify(saved)).not.toContain(s3.secretAccessKey);
    const [row] = await rt.db.select().from(platformStorageSettings);
    expect(row!.secretCiphertext).not.toContain(s3.secretAccessKey);

    // Empty secret = keep: the test and a second save work with what is stored.
    expect((await admin.storage.test(form({ secretAccessKey: "" }))).ok).toBe(true);
    await admin.storage.save(form({ secretAccessKey: "", prefix: "abi2" }));
    const store = await platformObjectStore(rt);
    await store.put("raw/x/2026-01/r/a.csv", "a,b\n");
    expect(fs.readFileSync(path.join(s3.dir, "platform", "abi2", "raw", "x", "2026-01", "r", "a.csv"), "utf8")).toBe("a,b\n");

    const audits = await rt.db.select().from(auditLog).where(eq(auditLog.action, "storage.update"));
    expect(audits).toHaveLength(2);
    expect(audits.map((a) => (a.details as { changed: string[] }).changed)).toEqual(expect.arrayContaining([expect.arrayContaining(["bucket", "secretAccessKey"]), ["prefix"]]));
    for (const a of await rt.db.select().from(auditLog)) expect(JSON.stringify(a)).not.toContain(s3.secretAccessKey);
    for (const answer of [await admin.storage.settings(), await admin.storage.usage()]) expect(JSON.stringify(answer)).not.toContain(s3.secretAccessKey);
  });

  it("refuses bad fields in plain words", async () => {
    const admin = as("admin");
    await expect(admin.storage.save(form({ bucket: "Bad_Bucket" }))).rejects.toMatchObject({ code: "BAD_REQUEST", message: "bucket: 3-63 lower-case letters, digits, dots and hyphens" });
    await expect(admin.storage.save(form({ endpoint: "ftp://x" }))).rejects.toMatchObject({ code: "BAD_REQUEST", message: "endpoint: an http:// or https:// URL, or empty for AWS S3" });
  });

  it("shows S3_* environment settings read-only: they win, and saving is refused", async () => {
    const env = { ...rt.env, S3_ENDPOINT: s3.endpoint, S3_BUCKET: "platform", S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey, S3_REGION: "us-east-1" };
    const envRt = { ...rt, env } as Runtime;
    const admin = as("admin", envRt);
    const view = await admin.storage.settings();
    expect(view).toMatchObject({ source: "environment", bucket: "platform", endpoint: s3.endpoint, accessKeyId: s3.accessKeyId, secretSet: true, prefix: "abi" });
    expect(JSON.stringify(view)).not.toContain(s3.secretAccessKey);
    await expect(admin.storage.save(form())).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("set by environment variables") });
    expect((await admin.storage.test()).ok).toBe(true);
    expect((await platformObjectStore(envRt)).description).toBe(`s3://platform/abi/ at ${s3.endpoint}`);
  });
});
