import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { gunzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  BadCredentialsError,
  CostDetailsClient,
  EndpointUnreachableError,
  InvalidSourceRequestError,
  NON_RETRYABLE_SOURCE_ERRORS,
  ReportFailedError,
  SourceServerError,
  ThrottledError,
  costDetailsPeriod,
  retryAfterMs,
  scopePath,
  type CostDetailsProgress,
  type CostDetailsScope,
} from "~/domain/sources/azure-cost-details";
import * as sourceErrors from "~/domain/sources/shared/errors";
import { SourceError } from "~/domain/sources/shared/errors";
import { startAzureStandin, type AzureStandin } from "../support/azure-standin";
import { resetEnvCache } from "~/domain/runtime/env";

const FIXTURES = path.resolve(__dirname, "../fixtures/azure-ea");
const EA: CostDetailsScope = { kind: "eaBillingAccount", billingAccountId: "12345678" };
const FAST = { backoff: { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 40 } };

function monthsAgo(n: number, now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}
const LAST_MONTH = monthsAgo(1);

/** The fixture split into two blobs, each with the header, as Azure partitions a report. */
async function twoBlobs(file = "EA_ActualCost_Small.csv"): Promise<[string, string]> {
  const lines = (await readFile(path.join(FIXTURES, file), "utf8")).split("\n").filter((l) => l !== "");
  const [header, ...rows] = lines;
  const half = Math.ceil(rows.length / 2);
  return [[header, ...rows.slice(0, half)].join("\n") + "\n", [header, ...rows.slice(half)].join("\n") + "\n"];
}

const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

let standin: AzureStandin;
let outDir: string;

beforeEach(async () => {
  standin = await startAzureStandin({ pollsBeforeReady: 2, pollRetryAfterSec: 0 });
  // The stand-in is on loopback (any port: some tests restart it), outside the Azure host allow-list.
  process.env.ABI_AZURE_HOSTS_EXTRA = "127.0.0.1";
  resetEnvCache();
  outDir = await mkdtemp(path.join(os.tmpdir(), "abi-cost-details-"));
});
afterEach(async () => {
  await standin.close();
  await rm(outDir, { recursive: true, force: true });
});

describe("Cost Details client against the Azure stand-in", () => {
  it("polls the operation and streams every blob of the report to files", async () => {
    const blobs = await twoBlobs();
    standin.setReport({ scope: scopePath(EA), month: LAST_MONTH }, { blobs });
    const progress: CostDetailsProgress[] = [];
    const client = new CostDetailsClient(standin.clientConfig(FAST));
    const report = await client.generateCostDetailsReport({ scope: EA, month: LAST_MONTH, outDir, onProgress: (p) => progress.push(p) });

    expect(report.status).toBe("Completed");
    expect(report.metric).toBe("ActualCost");
    expect(report.timePeriod.start).toBe(`${LAST_MONTH}-01`);
    expect(report.files).toHaveLength(2);
    for (const [i, file] of report.files.entries()) {
      const onDisk = await readFile(file.path);
      expect(onDisk.toString("utf8")).toBe(blobs[i]);
      expect(file.sha256).toBe(sha256(blobs[i]!));
      expect(file.bytes).toBe(Buffer.byteLength(blobs[i]!));
      expect(file.compressed).toBe(false);
    }
    expect(report.totalBytes).toBe(report.manifest?.byteCount);
    expect(standin.stats.polls).toBe(3); // two 202s, then the 200
    expect(standin.stats.rejections).toEqual([]);
    expect(progress.some((p) => p.phase === "waiting")).toBe(true);
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ phase: "done", bytesDone: report.totalBytes, bytesTotal: report.totalBytes, blobsDone: 2, blobsTotal: 2 });
    expect((await readdir(outDir)).sort()).toEqual(["part-0001.csv", "part-0002.csv"]);
  });

  it("supports EA departments and enrollment accounts, MCA billing profiles, and amortized cost", async () => {
    const amortized = await readFile(path.join(FIXTURES, "EA_AmortizedCost_Small.csv"), "utf8");
    const scopes: CostDetailsScope[] = [
      { kind: "eaDepartment", billingAccountId: "12345678", departmentId: "98765" },
      { kind: "eaEnrollmentAccount", billingAccountId: "12345678", enrollmentAccountId: "4455" },
      { kind: "mcaBillingProfile", billingAccountId: "aabbccdd-0000-1111-2222-333344445555:66667777-8888-9999-aaaa-bbbbccccdddd_2019-05-31", billingProfileId: "ABCD-EF12-GHI-JKL" },
    ];
    const client = new CostDetailsClient(standin.clientConfig(FAST));
    for (const [i, scope] of scopes.entries()) {
      standin.setReport({ scope: scopePath(scope), metric: "AmortizedCost", month: LAST_MONTH }, { blobs: [amortized] });
      const report = await client.generateCostDetailsReport({ scope, month: LAST_MONTH, metric: "AmortizedCost", outDir: path.join(outDir, String(i)) });
      expect(report.status).toBe("Completed");
      expect(report.manifest?.requestContext?.requestScope).toBe(scopePath(scope));
      expect(await readFile(report.files[0]!.path, "utf8")).toBe(amortized);
    }
    expect(scopePath(scopes[0]!)).toBe("providers/Microsoft.Billing/billingAccounts/12345678/departments/98765");
    expect(standin.stats.rejections).toEqual([]);
  });

  it("keeps gzip blobs compressed when the manifest says compressData", async () => {
    const blobs = await twoBlobs("EA_AmortizedCost_Small.csv");
    standin.setReport({ scope: scopePath(EA), month: LAST_MONTH }, { blobs, gzip: true });
    const report = await new CostDetailsClient(standin.clientConfig(FAST)).generateCostDetailsReport({ scope: EA, month: LAST_MONTH, outDir });
    expect(report.manifest?.compressData).toBe(true);
    expect(report.files.map((f) => path.basename(f.path))).toEqual(["part-0001.csv.gz", "part-0002.csv.gz"]);
    for (const [i, file] of report.files.entries()) {
      expect(gunzipSync(await readFile(file.path)).toString("utf8")).toBe(blobs[i]);
    }
  });

  it("waits out a 429 storm for the largest retry-after header and then completes", async () => {
    standin.setReport({ scope: scopePath(EA), month: LAST_MONTH }, { blobs: await twoBlobs() });
    // Retry-After alone would say "now"; the Cost Management QPU header says 1 s and wins.
    standin.faults.throttle = {
      count: 3,
      headers: {
        "retry-after": "0",
        "x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after": "1",
        "x-ms-ratelimit-microsoft.costmanagement-entity-retry-after": "0",
      },
    };
    const waits: number[] = [];
    const report = await new CostDetailsClient(standin.clientConfig(FAST)).generateCostDetailsReport({
      scope: EA,
      month: LAST_MONTH,
      outDir,
      onProgress: (p) => p.phase === "throttled" && waits.push(p.waitMs!),
    });
    expect(report.status).toBe("Completed");
    expect(standin.stats.throttled).toBe(3);
    expect(standin.stats.prematureRetries).toBe(0);
    expect(waits).toEqual([1000, 1000, 1000]);
  });

  it("retries transient 5xx on the API and on blob downloads, including a download cut off half way", async () => {
    const blobs = await twoBlobs();
    standin.setReport({ scope: scopePath(EA), month: LAST_MONTH }, { blobs });
    standin.faults.serverErrors = { count: 2, status: 503 };
    standin.faults.blobServerErrors = { count: 1 };
    standin.faults.blobResets = { count: 1 };
    const report = await new CostDetailsClient(standin.clientConfig(FAST)).generateCostDetailsReport({ scope: EA, month: LAST_MONTH, outDir });
    expect(report.files.map((f) => f.sha256)).toEqual(blobs.map((b) => sha256(b)));
    expect(standin.stats.serverErrors).toBe(3);
    expect(standin.faults.blobResets?.count).toBe(0);
    expect((await readdir(outDir)).filter((f) => f.endsWith(".partial"))).toEqual([]);
  });

  it("removes the blobs already written when a later blob cannot be downloaded", async () => {
    standin.setReport({ scope: scopePath(EA), month: LAST_MONTH }, { blobs: await twoBlobs() });
    standin.faults.blobServerErrors = { count: 100, index: 1 };
    const err = await new CostDetailsClient(standin.clientConfig(FAST))
      .generateCostDetailsReport({ scope: EA, month: LAST_MONTH, outDir })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "SourceServerError", retryable: true, status: 503 });
    expect(standin.stats.blobDownloads).toBe(1); // the first blob did arrive
    expect(await readdir(outDir)).toEqual([]);
  });

  it("gives up on persistent 5xx after bounded retries with a retryable error", async () => {
    standin.faults.serverErrors = { count: 100, status: 500 };
    const err = await new CostDetailsClient(standin.clientConfig(FAST))
      .generateCostDetailsReport({ scope: EA, month: LAST_MONTH, outDir })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceServerError);
    expect((err as SourceServerError).retryable).toBe(true);
    expect(standin.stats.serverErrors).toBe(FAST.backoff.maxAttempts);
  });

  it("treats NoDataFound (polled status) and 204 (on the request) as an empty month that succeeds", async () => {
    const client = new CostDetailsClient(standin.clientConfig(FAST));
    const polled = await client.generateCostDetailsReport({ scope: EA, month: LAST_MONTH, outDir });
    expect(polled).toMatchObject({ status: "NoDataFound", files: [], totalBytes: 0 });
    expect(standin.stats.polls).toBeGreaterThan(0);

    standin.noDataAs = "204";
    const direct = await client.generateCostDetailsReport({ scope: EA, month: monthsAgo(2), outDir });
    expect(direct).toMatchObject({ status: "NoDataFound", files: [] });
  });

  it("reports a failed operation as a retryable ReportFailedError", async () => {
    standin.setReport({ scope: scopePath(EA), month: LAST_MONTH }, { blobs: await twoBlobs() });
    standin.faults.failedOperations = { count: 1 };
    const err = await new CostDetailsClient(standin.clientConfig(FAST))
      .generateCostDetailsReport({ scope: EA, month: LAST_MONTH, outDir })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReportFailedError);
    expect((err as ReportFailedError).retryable).toBe(true);
  });

  it("fails fast and non-retryably on bad credentials or a scope the principal cannot read", async () => {
    const wrongSecret = await new CostDetailsClient(standin.clientConfig({ ...FAST, clientSecret: "not-the-secret" }))
      .generateCostDetailsReport({ scope: EA, month: LAST_MONTH, outDir })
      .catch((e: unknown) => e);
    expect(wrongSecret).toBeInstanceOf(BadCredentialsError);
    expect(wrongSecret).toMatchObject({ name: "BadCredentialsError", retryable: false, code: "AADSTS7000215", status: 401 });
    expect((wrongSecret as Error).message).toMatch(/Invalid client secret/);
    expect(standin.stats.tokenRequests).toBe(1); // not retried

    const wrongTenant = await new CostDetailsClient(standin.clientConfig({ ...FAST, tenantId: "00000000-0000-0000-0000-000000000000" }))
      .generateCostDetailsReport({ scope: EA, month: LAST_MONTH, outDir })
      .catch((e: unknown) => e);
    expect(wrongTenant).toMatchObject({ name: "BadCredentialsError", code: "AADSTS90002" });

    standin.deniedScopes.add(scopePath(EA).toLowerCase());
    const denied = await new CostDetailsClient(standin.clientConfig(FAST))
      .generateCostDetailsReport({ scope: EA, month: LAST_MONTH, outDir })
      .catch((e: unknown) => e);
    expect(denied).toMatchObject({ name: "BadCredentialsError", retryable: false, code: "AuthorizationFailed", status: 403 });
  });

  it("lists exactly the source errors that say they are not retryable for the workers' retry policy", () => {
    const classes = (Object.values(sourceErrors) as unknown[]).filter(
      (v): v is new (m: string) => SourceError => typeof v === "function" && v.prototype instanceof SourceError,
    );
    expect(classes.length).toBeGreaterThanOrEqual(9);
    const notRetryable = classes.map((C) => new C("x")).filter((e) => !e.retryable).map((e) => e.name);
    expect([...NON_RETRYABLE_SOURCE_ERRORS].sort()).toEqual(notRetryable.sort());
  });

  it("refuses months more than 13 months back, or in the future, before calling Azure", async () => {
    const client = new CostDetailsClient(standin.clientConfig(FAST));
    const old = await client.generateCostDetailsReport({ scope: EA, month: monthsAgo(13), outDir }).catch((e: unknown) => e);
    expect(old).toBeInstanceOf(InvalidSourceRequestError);
    expect((old as Error).message).toMatch(/more than 13 months back.*only serves/);
    expect(old).toMatchObject({ retryable: false });
    const future = await client.generateCostDetailsReport({ scope: EA, month: monthsAgo(-1), outDir }).catch((e: unknown) => e);
    expect(future).toBeInstanceOf(InvalidSourceRequestError);
    const garbage = await client.generateCostDetailsReport({ scope: EA, month: "2026-13", outDir }).catch((e: unknown) => e);
    expect((garbage as Error).message).toMatch(/YYYY-MM/);
    expect(standin.stats.reportRequests).toBe(0);
    // The oldest month allowed is accepted by the API itself.
    const oldest = await client.generateCostDetailsReport({ scope: EA, month: monthsAgo(12), outDir });
    expect(oldest.status).toBe("NoDataFound");
    expect(standin.stats.rejections).toEqual([]);
  });

  it("caches the token across calls and clients, and renews it once when Azure rejects it", async () => {
    standin.setReport({ scope: scopePath(EA), month: LAST_MONTH }, { blobs: await twoBlobs() });
    const config = standin.clientConfig(FAST);
    await new CostDetailsClient(config).generateCostDetailsReport({ scope: EA, month: LAST_MONTH, outDir: path.join(outDir, "a") });
    await new CostDetailsClient(config).generateCostDetailsReport({ scope: EA, month: LAST_MONTH, outDir: path.join(outDir, "b") });
    expect(standin.stats.tokensIssued).toBe(1);

    standin.revokeTokens();
    const again = await new CostDetailsClient(config).generateCostDetailsReport({ scope: EA, month: LAST_MONTH, outDir: path.join(outDir, "c") });
    expect(again.status).toBe("Completed");
    expect(standin.stats.tokensIssued).toBe(2);
  });

  it("renews the token when it is within the refresh margin of its expiry", async () => {
    await standin.close();
    standin = await startAzureStandin({ pollsBeforeReady: 0, pollRetryAfterSec: 0, tokenLifetimeSec: 60 });
    const client = new CostDetailsClient(standin.clientConfig({ ...FAST, tokenRefreshMarginMs: 120_000 }));
    await client.generateCostDetailsReport({ scope: EA, month: LAST_MONTH, outDir });
    await client.generateCostDetailsReport({ scope: EA, month: LAST_MONTH, outDir });
    // A 60 s token is always inside the 120 s margin: every ARM call fetches a fresh one.
    expect(standin.stats.reportRequests + standin.stats.polls).toBe(4);
    expect(standin.stats.tokensIssued).toBe(4);
  });

  it("gives up with a retryable ThrottledError when throttling outlasts the client's budget", async () => {
    standin.faults.throttle = { count: 50, headers: { "x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after": "30" } };
    const err = await new CostDetailsClient(standin.clientConfig({ ...FAST, maxThrottleWaitMs: 10_000 }))
      .generateCostDetailsReport({ scope: EA, month: LAST_MONTH, outDir })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ThrottledError);
    expect(err).toMatchObject({ name: "ThrottledError", retryable: true, retryAfterMs: 30_000 });
    expect(standin.stats.throttled).toBe(1);
  });

  it("reports an unreachable Azure endpoint as retryable", async () => {
    const url = standin.url;
    await standin.close();
    const err = await new CostDetailsClient({ ...standin.clientConfig(FAST), authorityHost: `${url}/entra` })
      .generateCostDetailsReport({ scope: EA, month: LAST_MONTH, outDir })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EndpointUnreachableError);
    expect(err).toMatchObject({ retryable: true });
    expect((err as Error).message).toMatch(/Cannot reach Entra ID/);
    standin = await startAzureStandin();
  });

  it("cancels through the AbortSignal while waiting, leaving no files", async () => {
    standin.setReport({ scope: scopePath(EA), month: LAST_MONTH }, { blobs: await twoBlobs() });
    standin.pollRetryAfterSec = 60; // what Azure really sends
    const controller = new AbortController();
    const run = new CostDetailsClient(standin.clientConfig(FAST)).generateCostDetailsReport({
      scope: EA,
      month: LAST_MONTH,
      outDir,
      signal: controller.signal,
      onProgress: (p) => p.phase === "waiting" && controller.abort(),
    });
    const err = await run.catch((e: unknown) => e);
    expect((err as Error).name).toBe("AbortError");
    expect(await readdir(outDir)).toEqual([]);
  });

  it("streams a large blob to disk with the right size and hash", async () => {
    const rows = 200_000;
    const line = "2026-10-01,Virtual Machines,D2s v3,1.0000000000,0.0960000000,USD\n";
    const bytes = rows * Buffer.byteLength(line);
    const hash = createHash("sha256");
    for (let i = 0; i < rows; i++) hash.update(line);
    standin.setReport(
      { scope: scopePath(EA), month: LAST_MONTH },
      { blobs: [{ bytes, open: () => Readable.from((function* () { for (let i = 0; i < rows; i += 1000) yield Buffer.from(line.repeat(1000)); })()) }] },
    );
    const started = performance.now();
    const report = await new CostDetailsClient(standin.clientConfig(FAST)).generateCostDetailsReport({ scope: EA, month: LAST_MONTH, outDir });
    const seconds = (performance.now() - started) / 1000;
    expect(report.files[0]).toMatchObject({ bytes, sha256: hash.digest("hex") });
    console.log(`[measure] Cost Details report of ${(bytes / 1e6).toFixed(1)} MB downloaded in ${seconds.toFixed(2)} s`);
  });
});

describe("the stand-in enforces Azure's documented request rules", () => {
  async function token(): Promise<string> {
    const res = await fetch(`${standin.authorityHost}/${standin.credential.tenantId}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: standin.credential.clientId,
        client_secret: standin.credential.clientSecret,
        scope: "https://management.azure.com/.default",
      }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { access_token: string }).access_token;
  }
  const post = async (body: unknown, opts: { apiVersion?: string | null; auth?: string | null } = {}) => {
    const q = opts.apiVersion === null ? "" : `?api-version=${opts.apiVersion ?? "2024-08-01"}`;
    const res = await fetch(`${standin.resourceManagerEndpoint}/${scopePath(EA)}/providers/Microsoft.CostManagement/generateCostDetailsReport${q}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(opts.auth === null ? {} : { authorization: `Bearer ${opts.auth ?? (await token())}` }) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.text()) || null, location: res.headers.get("location") };
  };
  const month = { timePeriod: { start: `${LAST_MONTH}-01`, end: `${LAST_MONTH}-10` } };

  it("checks auth, api-version and the body", async () => {
    expect(await post(month, { auth: null })).toMatchObject({ status: 401, body: expect.stringContaining("AuthenticationFailed") });
    expect(await post(month, { auth: "forged" })).toMatchObject({ status: 401, body: expect.stringContaining("InvalidAuthenticationToken") });
    expect(await post(month, { apiVersion: null })).toMatchObject({ status: 400, body: expect.stringContaining("MissingApiVersionParameter") });
    expect(await post(month, { apiVersion: "2019-01-01" })).toMatchObject({ status: 400, body: expect.stringContaining("InvalidApiVersionParameter") });
    expect(await post({ ...month, billingPeriod: "202601" })).toMatchObject({ status: 400, body: expect.stringContaining("either timePeriod or invoiceId or billingPeriod") });
    expect(await post({ metric: "Usage", ...month })).toMatchObject({ status: 400 });
    expect(await post({ timePeriod: { start: `${monthsAgo(2)}-01`, end: `${LAST_MONTH}-15` } })).toMatchObject({ status: 400, body: expect.stringContaining("maximum allowed date range is 1 months") });
    expect(await post({ timePeriod: { start: `${monthsAgo(14)}-01`, end: `${monthsAgo(14)}-10` } })).toMatchObject({ status: 400, body: expect.stringContaining("Start date must be after") });
    const ok = await post({ metric: "AmortizedCost", ...month });
    expect(ok.status).toBe(202);
    expect(ok.location).toMatch(/costDetailsOperationResults\/[0-9a-f-]+\?api-version=2024-08-01$/);
  });

  it("serves blobs by SAS only, refusing a bearer header or a forged signature", async () => {
    standin.setReport({ scope: scopePath(EA), month: LAST_MONTH }, { blobs: ["a,b\n1,2\n"] });
    standin.pollsBeforeReady = 0;
    const accepted = await post(month);
    const op = await fetch(accepted.location!, { headers: { authorization: `Bearer ${await token()}` } });
    const body = (await op.json()) as { manifest: { blobs: { blobLink: string }[] } };
    const link = body.manifest.blobs[0]!.blobLink;
    expect((await fetch(link, { headers: { authorization: "Bearer x" } })).status).toBe(400);
    expect((await fetch(link.replace(/sig=[^&]+/, "sig=forged"))).status).toBe(403);
    expect(await (await fetch(link)).text()).toBe("a,b\n1,2\n");
  });
});

describe("pure helpers", () => {
  it("retryAfterMs takes the largest header, in seconds, ms or HTTP-date", () => {
    const now = Date.parse("2026-11-26T12:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "2", "x-ms-ratelimit-microsoft.costmanagement-tenant-retry-after": "7" }), now)).toBe(7000);
    expect(retryAfterMs(new Headers({ "retry-after-ms": "2500", "retry-after": "1" }), now)).toBe(2500);
    expect(retryAfterMs(new Headers({ "retry-after": "Thu, 26 Nov 2026 12:00:30 GMT" }), now)).toBe(30_000);
    expect(retryAfterMs(new Headers({ "content-type": "x" }), now)).toBeUndefined();
  });

  it("costDetailsPeriod covers the whole month, and the current month up to today", () => {
    const now = new Date("2026-11-26T08:00:00Z");
    expect(costDetailsPeriod("2026-02", now)).toEqual({ month: "2026-02", start: "2026-02-01", end: "2026-02-28" });
    expect(costDetailsPeriod("2026-11", now)).toEqual({ month: "2026-11", start: "2026-11-01", end: "2026-11-26" });
    expect(costDetailsPeriod("2025-11", now).start).toBe("2025-11-01");
    expect(() => costDetailsPeriod("2025-10", now)).toThrow(/2025-11 to 2026-11/);
    expect(existsSync(FIXTURES)).toBe(true);
  });
});
