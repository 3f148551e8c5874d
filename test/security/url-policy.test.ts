import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "~/domain/runtime/env";
import { openRuntime, type Runtime } from "~/domain/runtime";
import type { createCaller } from "~/server/api/root";
import { CostDetailsClient, InvalidSourceRequestError, scopePath, type CostDetailsScope } from "~/domain/sources/azure-cost-details";
import { createS3Client, testConnection } from "~/domain/sources/s3-exports";
import { checkS3Endpoint, guardLookup } from "~/domain/sources/shared/url-policy";
import { startAzureStandin, type AzureStandin } from "../support/azure-standin";
import { startRecordingServer } from "../support/recording-server";
import { adminCaller } from "../helpers/admin-caller";

/** Finding 8: server-side requests go only where the URL policy allows, and errors do not echo what came back. */

const EA: CostDetailsScope = { kind: "eaBillingAccount", billingAccountId: "8611537" };
const lastMonth = () => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
};

let rt: Runtime;
let admin: ReturnType<typeof createCaller>;
let azure: AzureStandin;
let recorder: Awaited<ReturnType<typeof startRecordingServer>>;
let front: { url: string; host: string; rewriteBlobLink: (link: string, i: number) => string; close: () => Promise<void> };
let page: { url: string; host: string; close: () => Promise<void> };

const SECRET_PAGE = "INTERNAL-PAGE-CONTENT-1f3a";

/**
 * Azure "as seen through a different host": forwards to the stand-in, points its Location header
 * at itself, and rewrites the blob links of finished reports with `rewriteBlobLink`.
 */
async function startFront(target: string) {
  const state = { rewriteBlobLink: (link: string, _i: number) => link };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const headers: Record<string, string> = {};
      for (const h of ["authorization", "content-type", "accept"]) if (req.headers[h]) headers[h] = String(req.headers[h]);
      const upstream = await fetch(`${target}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined, redirect: "manual" });
      let text = await upstream.text();
      const out: Record<string, string> = { "content-type": upstream.headers.get("content-type") ?? "application/json" };
      const location = upstream.headers.get("location");
      if (location) out.location = location.replace(target, self);
      if (upstream.headers.get("retry-after")) out["retry-after"] = upstream.headers.get("retry-after")!;
      try {
        const body = JSON.parse(text) as { manifest?: { blobs?: { blobLink: string }[] } };
        if (body.manifest?.blobs) {
          body.manifest.blobs = body.manifest.blobs.map((b, i) => ({ ...b, blobLink: state.rewriteBlobLink(b.blobLink, i) }));
          text = JSON.stringify(body);
        }
      } catch {
        // not JSON: passed on as is
      }
      res.writeHead(upstream.status, out).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const self = `http://${host}`;
  return Object.assign(state, { url: self, host, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) });
}

/** Answers every request with an error page whose text must never reach an error message. */
async function startErrorPage() {
  const server = http.createServer((req, res) => {
    req.resume();
    const status = req.url?.includes("5xx") ? 500 : 400;
    res.writeHead(status, { "content-type": "text/html" }).end(`<html><Code>${"X".repeat(200)}</Code><Message>${SECRET_PAGE}</Message><body>${SECRET_PAGE}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: `http://${host}`, host, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

beforeAll(async () => {
  azure = await startAzureStandin({ pollsBeforeReady: 1, pollRetryAfterSec: 0 });
  recorder = await startRecordingServer();
  front = await startFront(azure.url);
  page = await startErrorPage();
  process.env.ABI_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "abi-url-policy-"));
  delete process.env.CLICKHOUSE_URL;
  delete process.env.DATABASE_URL;
  delete process.env.ABI_ALLOW_LINK_LOCAL_ENDPOINTS;
  // Only the front and the error page are allowed: the stand-in's own address and the recorder are not.
  process.env.ABI_AZURE_HOSTS_EXTRA = `${front.host},${page.host}`;
  resetEnvCache();
  rt = await openRuntime({ migrate: true });
  admin = await adminCaller(rt);
});
afterAll(async () => {
  await rt?.close();
  await Promise.all([azure?.close(), recorder?.close(), front?.close(), page?.close()]);
});

const azureConfig = (over: Record<string, string> = {}) => ({ scope: EA, tenantId: "t", clientId: "c", ...over });
const NOT_AZURE = /is not an Azure host \(public, US Government or China cloud\); ABI_AZURE_HOSTS_EXTRA adds hosts for proxies and tests$/;

describe("Azure endpoints come from the allow-list", () => {
  const hostile: [string, RegExp][] = [
    ["http://169.254.169.254/metadata/identity", /must be an https:\/\/ URL/],
    ["https://169.254.169.254/", NOT_AZURE],
    ["https://2852039166/", /The Entra ID authority host 169\.254\.169\.254 is not an Azure host/],
    ["https://0xA9FEA9FE/", /169\.254\.169\.254 is not an Azure host/],
    ["https://0251.0376.0251.0376/", /169\.254\.169\.254 is not an Azure host/],
    ["https://[::ffff:169.254.169.254]/", /\[::ffff:a9fe:a9fe\] is not an Azure host/],
    ["https://[fd00:ec2::254]/", NOT_AZURE],
    ["https://metadata.google.internal/", NOT_AZURE],
    ["https://login.microsoftonline.com@evil.example/", /must not contain a user name or password/],
    ["https://user:pw@login.microsoftonline.com/", /must not contain a user name or password/],
    ["https://login.microsoftonline.com.evil.example/", NOT_AZURE],
    ["https://evil.example/login.microsoftonline.com", NOT_AZURE],
    ["http://login.microsoftonline.com/", /must be an https:\/\/ URL/],
    ["https://login.microsoftonline.com:8443/", /must use the standard https port/],
    ["ftp://login.microsoftonline.com/", /must be an https:\/\/ URL/],
    ["file:///etc/passwd", /must be an https:\/\/ URL/],
    [`http://${recorder?.host ?? "127.0.0.1:1"}/`, /must be an https:\/\/ URL/],
  ];

  it("refuses each hostile authority host on create, in testConnection and in the client", async () => {
    for (const [url, message] of hostile) {
      await expect(admin.sources.create({ name: `bad ${url}`, plugin: "azure-cost-details", config: azureConfig({ authorityHost: url }), secrets: { clientSecret: "s" } }), url).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(message) });
      const tested = await admin.sources.testConnection({ plugin: "azure-cost-details", config: azureConfig({ authorityHost: url }), secrets: { clientSecret: "s" } });
      expect(tested, url).toMatchObject({ ok: false, reason: expect.stringMatching(message) });
      expect(() => new CostDetailsClient({ tenantId: "t", clientId: "c", clientSecret: "s", authorityHost: url }), url).toThrow(InvalidSourceRequestError);
    }
    expect(recorder.requests).toEqual([]);
  });

  it("refuses a Resource Manager endpoint outside the list and names which field", async () => {
    await expect(admin.sources.create({ name: "bad arm", plugin: "azure-cost-details", config: azureConfig({ resourceManagerEndpoint: "https://management.azure.com.evil.example" }), secrets: { clientSecret: "s" } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^The Resource Manager endpoint management\.azure\.com\.evil\.example is not an Azure host/),
    });
  });

  it("accepts the public and sovereign clouds", async () => {
    for (const [authorityHost, resourceManagerEndpoint] of [
      ["https://login.microsoftonline.com", "https://management.azure.com"],
      ["https://login.microsoftonline.us/", "https://management.usgovcloudapi.net/"],
      ["https://login.chinacloudapi.cn", "https://management.chinacloudapi.cn"],
    ]) {
      const created = await admin.sources.create({ name: `cloud ${authorityHost}`, plugin: "azure-cost-details", config: azureConfig({ authorityHost: authorityHost!, resourceManagerEndpoint: resourceManagerEndpoint! }), secrets: { clientSecret: "s" } });
      expect(created.config).toMatchObject({ authorityHost });
    }
  });
});

describe("report blob links", () => {
  const hostileLinks = (recorderUrl: string) => [
    `${recorderUrl}/blob?sig=x`,
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "https://evil.example/blob",
    "https://acct.blob.core.windows.net@evil.example/blob",
    "https://acct.blob.core.windows.net.evil.example/blob",
    "http://acct.blob.core.windows.net/blob",
    "https://acct.blob.core.windows.net:444/blob",
  ];

  it("refuses a report whose blob link names another host before any request reaches it", async () => {
    azure.setReport({ scope: scopePath(EA), month: lastMonth() }, { blobs: ["a,b\n1,2\n", "a,b\n3,4\n"] });
    for (const link of hostileLinks(recorder.url)) {
      // The second blob is the hostile one: the first (allowed) must not be downloaded either.
      front.rewriteBlobLink = (original, i) => (i === 1 ? link : original.replace(azure.url, front.url));
      const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-blob-"));
      const client = new CostDetailsClient({ ...azure.credential, authorityHost: `${front.url}/entra`, resourceManagerEndpoint: `${front.url}/arm`, backoff: { maxAttempts: 1 } });
      const err = await client.generateCostDetailsReport({ scope: EA, month: lastMonth(), outDir }).catch((e: unknown) => e);
      expect(err, link).toBeInstanceOf(InvalidSourceRequestError);
      expect((err as Error).message, link).toMatch(/^Refusing to download the report: The report blob link /);
      expect(fs.readdirSync(outDir)).toEqual([]);
    }
    expect(azure.stats.blobDownloads).toBe(0);
    expect(recorder.requests).toEqual([]);
  });

  it("downloads blob links on an allowed host", async () => {
    front.rewriteBlobLink = (original) => original.replace(azure.url, front.url);
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-blob-"));
    const client = new CostDetailsClient({ ...azure.credential, authorityHost: `${front.url}/entra`, resourceManagerEndpoint: `${front.url}/arm` });
    const report = await client.generateCostDetailsReport({ scope: EA, month: lastMonth(), outDir });
    expect(report.files).toHaveLength(2);
    expect(azure.stats.blobDownloads).toBe(2);
  });
});

describe("S3 endpoints: anywhere but link-local and metadata addresses", () => {
  const hostile: [string, RegExp][] = [
    ["http://169.254.169.254/", /The S3 endpoint 169\.254\.169\.254 is a link-local or metadata address/],
    ["http://2852039166/", /169\.254\.169\.254 is a link-local or metadata address/],
    ["http://0xA9FEA9FE:80/", /169\.254\.169\.254 is a link-local or metadata address/],
    ["http://[::ffff:169.254.169.254]/", /::ffff:a9fe:a9fe is a link-local or metadata address/],
    ["http://[fe80::1]:9000/", /fe80::1 is a link-local or metadata address/],
    ["http://[fd00:ec2::254]/", /fd00:ec2::254 is a link-local or metadata address/],
    ["http://100.100.100.200/", /is a link-local or metadata address/],
    ["http://metadata.google.internal/computeMetadata/v1/", /metadata\.google\.internal is a cloud metadata service/],
    ["http://metadata.google.internal./", /is a cloud metadata service/],
    ["http://user:pw@minio.internal:9000/", /must not contain a user name or password/],
    ["file:///etc/passwd", /must be an http:\/\/ or https:\/\/ URL/],
  ];
  const s3 = (endpoint: string) => ({ endpoint, bucket: "exports", accessKeyId: "k" });

  it("refuses each on create and in testConnection, with a clear message", async () => {
    for (const [url, message] of hostile) {
      await expect(admin.sources.create({ name: `s3 ${url}`, plugin: "azure-exports-s3", config: s3(url), secrets: { secretAccessKey: "s" } }), url).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(message) });
      const tested = await admin.sources.testConnection({ plugin: "azure-exports-s3", config: s3(url), secrets: { secretAccessKey: "s" } });
      expect(tested, url).toMatchObject({ ok: false, reason: expect.stringMatching(message) });
      expect(tested.ok ? "" : tested.reason).toMatch(/ABI_ALLOW_LINK_LOCAL_ENDPOINTS=1 allows them|must not contain|must be an http/);
    }
  });

  it("refuses a name that resolves to a metadata address, when checked and again at connect time", async () => {
    const resolvesTo = (address: string) => async () => [{ address }];
    await expect(checkS3Endpoint("http://rebind.example:9000", resolvesTo("169.254.169.254"))).rejects.toThrow("The S3 endpoint rebind.example resolves to a link-local or metadata address");
    await expect(checkS3Endpoint("http://rebind.example:9000", resolvesTo("::ffff:169.254.169.254"))).rejects.toThrow("resolves to a link-local or metadata address");
    await expect(checkS3Endpoint("http://minio.example:9000", resolvesTo("10.0.0.5"))).resolves.toBeInstanceOf(URL);
    // At connect time: the socket's lookup answers with a metadata address (DNS rebinding).
    const rebinding = guardLookup(((_host: string, _opts: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) => cb(null, [{ address: "169.254.169.254", family: 4 }])) as never);
    const err = await new Promise<Error>((resolve) => {
      const req = http.get({ host: "rebind.example", port: 80, lookup: rebinding }, () => resolve(new Error("connected")));
      req.on("error", resolve);
    });
    expect(err.message).toMatch(/resolves to a link-local or metadata address/);
  });

  it("allows ordinary endpoints, and link-local ones with ABI_ALLOW_LINK_LOCAL_ENDPOINTS=1", async () => {
    expect(() => createS3Client({ endpoint: "http://169.254.169.254", bucket: "b", accessKeyId: "k", secretAccessKey: "s" })).toThrow(/link-local or metadata address/);
    process.env.ABI_ALLOW_LINK_LOCAL_ENDPOINTS = "1";
    resetEnvCache();
    try {
      await expect(checkS3Endpoint("http://169.254.10.10:9000")).resolves.toBeInstanceOf(URL);
      expect(() => createS3Client({ endpoint: "http://169.254.169.254", bucket: "b", accessKeyId: "k", secretAccessKey: "s" })).not.toThrow();
    } finally {
      delete process.env.ABI_ALLOW_LINK_LOCAL_ENDPOINTS;
      resetEnvCache();
    }
    await expect(checkS3Endpoint("http://localhost:9000")).resolves.toBeInstanceOf(URL);
  });
});

describe("errors do not echo what the endpoint answered", () => {
  it("Entra ID, Resource Manager, blob and S3 errors carry a short fixed description", async () => {
    const token = await new CostDetailsClient({ tenantId: "t", clientId: "c", clientSecret: "s", authorityHost: page.url, backoff: { maxAttempts: 1 } }).tokens.getToken().catch((e: Error) => e);
    expect((token as Error).message).toMatch(/Entra ID refused the token request \(HTTP 400\)/);
    expect((token as Error).message).not.toContain(SECRET_PAGE);

    const arm = await new CostDetailsClient({ ...azure.credential, authorityHost: `${front.url}/entra`, resourceManagerEndpoint: page.url, backoff: { maxAttempts: 1 } })
      .generateCostDetailsReport({ scope: EA, month: lastMonth(), outDir: os.tmpdir() })
      .catch((e: Error) => e);
    expect((arm as Error).message).toMatch(/Azure Cost Management refused the request \(HTTP 400 HTTP400\)/);
    expect((arm as Error).message).not.toContain(SECRET_PAGE);

    azure.setReport({ scope: scopePath(EA), month: lastMonth() }, { blobs: ["a,b\n1,2\n"] });
    front.rewriteBlobLink = () => `${page.url}/5xx/blob`;
    const blob = await new CostDetailsClient({ ...azure.credential, authorityHost: `${front.url}/entra`, resourceManagerEndpoint: `${front.url}/arm`, backoff: { maxAttempts: 1 } })
      .generateCostDetailsReport({ scope: EA, month: lastMonth(), outDir: fs.mkdtempSync(path.join(os.tmpdir(), "abi-blob-")) })
      .catch((e: Error) => e);
    expect((blob as Error).message).toMatch(/failed with HTTP 500 HTTP500$/);
    expect((blob as Error).message).not.toContain(SECRET_PAGE);

    const s3 = await testConnection({ endpoint: `${page.url}/5xx`, bucket: "exports", accessKeyId: "k", secretAccessKey: "s", forcePathStyle: true });
    expect(s3.ok).toBe(false);
    expect(s3.ok ? "" : s3.reason).not.toContain(SECRET_PAGE);
    expect(s3.ok ? "" : s3.reason).not.toContain("XXXXXXXXXX");
  });
});
