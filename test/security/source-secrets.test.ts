import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "~/domain/runtime/env";
import { openRuntime, type Runtime } from "~/domain/runtime";
import type { createCaller } from "~/server/api/root";
import { startAzureStandin, type AzureStandin } from "../support/azure-standin";
import { startS3Server, type S3TestServer } from "../support/s3-server";
import { everythingSent, startRecordingServer } from "../support/recording-server";
import { adminCaller } from "../helpers/admin-caller";

/**
 * Finding 7: a stored source secret only ever goes to the hosts it was saved for. The recorder is
 * a second loopback server, allowed by the URL policy, so only the secret binding stands between
 * it and the stored secret.
 */
let rt: Runtime;
let admin: ReturnType<typeof createCaller>;
let azure: AzureStandin;
let s3: S3TestServer;
let recorder: Awaited<ReturnType<typeof startRecordingServer>>;

beforeAll(async () => {
  azure = await startAzureStandin();
  s3 = await startS3Server({ buckets: ["exports"] });
  recorder = await startRecordingServer();
  process.env.ABI_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "abi-source-secrets-"));
  delete process.env.CLICKHOUSE_URL;
  delete process.env.DATABASE_URL;
  if (process.env.TEST_TEMPORAL_ADDRESS) process.env.TEMPORAL_ADDRESS = process.env.TEST_TEMPORAL_ADDRESS;
  process.env.ABI_AZURE_HOSTS_EXTRA = `${new URL(azure.url).host},${recorder.host}`;
  resetEnvCache();
  rt = await openRuntime({ migrate: true });
  admin = await adminCaller(rt);
});
afterAll(async () => {
  await rt?.close();
  await azure?.close();
  await s3?.stop();
  await recorder?.close();
});

describe("Azure Cost Details source", () => {
  let id: string;
  const home = () => ({
    scope: { kind: "eaBillingAccount", billingAccountId: "8611537" },
    tenantId: azure.credential.tenantId,
    clientId: azure.credential.clientId,
    authorityHost: azure.authorityHost,
    resourceManagerEndpoint: azure.resourceManagerEndpoint,
  });
  const stored = () => azure.credential.clientSecret;

  beforeAll(async () => {
    id = (await admin.sources.create({ name: "EA API", plugin: "azure-cost-details", config: home(), secrets: { clientSecret: stored() } })).id;
  });

  it("tests the stored secret against the hosts it was saved for", async () => {
    const r = await admin.sources.testConnection({ plugin: "azure-cost-details", config: home(), secrets: {}, sourceId: id });
    expect(r).toMatchObject({ ok: true });
  });

  it("refuses to send the stored secret to another authority host or Resource Manager endpoint", async () => {
    const message = "The Entra ID authority host or Resource Manager endpoint changed: enter the client secret again (a stored secret is only sent to the hosts it was saved for)";
    for (const moved of [{ authorityHost: `${recorder.url}/entra` }, { resourceManagerEndpoint: `${recorder.url}/arm` }, { authorityHost: recorder.url, resourceManagerEndpoint: recorder.url }]) {
      const r = await admin.sources.testConnection({ plugin: "azure-cost-details", config: { ...home(), ...moved }, secrets: {}, sourceId: id });
      expect(r).toEqual({ ok: false, reason: message, latencyMs: 0 });
      await expect(admin.sources.update({ id, config: { ...home(), ...moved } })).rejects.toMatchObject({ code: "BAD_REQUEST", message });
      await expect(admin.sources.update({ id, config: { ...home(), ...moved }, secrets: { clientSecret: "" } })).rejects.toMatchObject({ code: "BAD_REQUEST", message });
    }
    // Nor under another plugin's name.
    const other = await admin.sources.testConnection({ plugin: "azure-exports-s3", config: { endpoint: recorder.url, bucket: "exports", accessKeyId: "x" }, secrets: {}, sourceId: id });
    expect(other).toMatchObject({ ok: false, reason: expect.stringContaining("enter the secrets") });
    expect(recorder.requests).toEqual([]);
    expect((await admin.sources.get({ id })).config).toMatchObject(home());
  });

  it("sends a re-entered secret to the new host, never the stored one", async () => {
    const r = await admin.sources.testConnection({ plugin: "azure-cost-details", config: { ...home(), authorityHost: `${recorder.url}/entra` }, secrets: { clientSecret: "re-entered-secret" }, sourceId: id });
    expect(r.ok).toBe(false); // the recorder is not Entra ID
    expect(recorder.requests).toHaveLength(1);
    expect(recorder.requests[0]!.body).toContain("client_secret=re-entered-secret");
    expect(everythingSent(recorder.requests)).not.toContain(stored());
    recorder.requests.length = 0;
  });

  it("saves a moved endpoint when the secret is entered with it", async () => {
    const moved = { ...home(), resourceManagerEndpoint: `${recorder.url}/arm` };
    const saved = await admin.sources.update({ id, config: moved, secrets: { clientSecret: "re-entered-secret" } });
    expect(saved.config).toMatchObject({ resourceManagerEndpoint: `${recorder.url}/arm` });
    expect(recorder.requests).toEqual([]);
  });
});

describe("S3 exports source", () => {
  let id: string;
  const home = () => ({ endpoint: s3.endpoint, region: s3.region, bucket: "exports", prefix: "", forcePathStyle: true, accessKeyId: s3.accessKeyId });

  beforeAll(async () => {
    id = (await admin.sources.create({ name: "EA exports", plugin: "azure-exports-s3", config: home(), secrets: { secretAccessKey: s3.secretAccessKey } })).id;
  });

  it("refuses another endpoint with the stored secret access key, and allows it re-entered", async () => {
    expect(await admin.sources.testConnection({ plugin: "azure-exports-s3", config: home(), secrets: {}, sourceId: id })).toMatchObject({ ok: true });
    const moved = { ...home(), endpoint: recorder.url };
    const message = "The S3 endpoint changed: enter the secret access key again (a stored secret is only sent to the hosts it was saved for)";
    expect(await admin.sources.testConnection({ plugin: "azure-exports-s3", config: moved, secrets: {}, sourceId: id })).toEqual({ ok: false, reason: message, latencyMs: 0 });
    await expect(admin.sources.update({ id, config: moved })).rejects.toMatchObject({ code: "BAD_REQUEST", message });
    expect(recorder.requests).toEqual([]);

    const reentered = await admin.sources.testConnection({ plugin: "azure-exports-s3", config: moved, secrets: { secretAccessKey: "another-secret-key" }, sourceId: id });
    expect(reentered.ok).toBe(false);
    expect(recorder.requests.length).toBeGreaterThan(0);
    expect(everythingSent(recorder.requests)).not.toContain(s3.secretAccessKey);
  });
});
