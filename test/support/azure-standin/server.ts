import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import type { AzureCostDetailsConfig } from "~/domain/sources/azure-cost-details/config";
import { checkReportBody, classifyScope, RuleViolation, SUPPORTED_API_VERSIONS } from "./request-rules";
import {
  emptyStats,
  type IssuedToken,
  type Operation,
  type StandinBlob,
  type StandinCredential,
  type StandinFaults,
  type StandinReport,
  type StandinStats,
} from "./state";

export interface AzureStandinOptions {
  /** Service principals that may sign in. Default: one, see `credential`. */
  credentials?: StandinCredential[];
  tokenLifetimeSec?: number;
  /** 202 answers before an operation is ready (the first poll counts). Default 1. */
  pollsBeforeReady?: number;
  /** Retry-After (seconds) on 202 answers. Azure sends 60; tests use small values. */
  pollRetryAfterSec?: number;
  /** How a month without data is answered: 204 on the POST, or status NoDataFound when polled. */
  noDataAs?: "status" | "204";
  /** SAS lifetime of blob links. */
  blobLinkLifetimeSec?: number;
  now?: () => Date;
}

const ARM_AUDIENCE = "https://management.azure.com/.default";
const CM = "/providers/microsoft.costmanagement/";

/**
 * A local stand-in for Azure's Entra ID token endpoint, the Cost Details API and the report blob
 * storage, behaving as the REST spec and docs describe: it validates api-version, bearer token
 * and request body, answers 202 + Location + Retry-After while a report "runs", serves the manifest
 * and blobs (SAS-signed, optionally gzip), and injects throttling, 5xx and broken downloads.
 */
export class AzureStandin {
  readonly credential: StandinCredential;
  readonly stats: StandinStats = emptyStats();
  faults: StandinFaults = {};
  pollsBeforeReady: number;
  pollRetryAfterSec: number;
  noDataAs: "status" | "204";
  /** Scopes (lowercase) the principal is not allowed to read: ARM answers 403. */
  readonly deniedScopes = new Set<string>();

  private server: Server | undefined;
  private base = "";
  private readonly credentials: StandinCredential[];
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly reports = new Map<string, StandinReport>();
  private readonly operations = new Map<string, Operation>();
  private readonly sasKey = randomBytes(32);
  private throttledUntil = 0;

  constructor(private readonly opts: AzureStandinOptions = {}) {
    this.credential = opts.credentials?.[0] ?? {
      tenantId: randomUUID(),
      clientId: randomUUID(),
      clientSecret: `standin~${randomBytes(12).toString("base64url")}`,
    };
    this.credentials = opts.credentials ?? [this.credential];
    this.pollsBeforeReady = opts.pollsBeforeReady ?? 1;
    this.pollRetryAfterSec = opts.pollRetryAfterSec ?? 1;
    this.noDataAs = opts.noDataAs ?? "status";
  }

  get url(): string {
    return this.base;
  }
  get authorityHost(): string {
    return `${this.base}/entra`;
  }
  get resourceManagerEndpoint(): string {
    return `${this.base}/arm`;
  }

  /** Client config for the stand-in's principal (override fields to test wrong credentials). */
  clientConfig(overrides: Partial<AzureCostDetailsConfig> = {}): AzureCostDetailsConfig {
    return {
      ...this.credential,
      authorityHost: this.authorityHost,
      resourceManagerEndpoint: this.resourceManagerEndpoint,
      ...overrides,
    };
  }

  /** Data for one scope/metric/month ("YYYY-MM", or an invoice id). Months without data are NoDataFound. */
  setReport(where: { scope: string; metric?: string; month: string }, report: StandinReport): void {
    this.reports.set(reportKey(where.scope, where.metric ?? "ActualCost", where.month), report);
  }

  /** Forget every issued token (as if they were revoked). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        if (!res.headersSent) send(res, 500, { error: { code: "InternalServerError", message: String(err) } });
        else res.destroy();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.base);
    if (url.pathname.startsWith("/entra/")) return this.token(req, res, url);
    if (url.pathname.startsWith("/arm/")) return this.arm(req, res, url);
    if (url.pathname.startsWith("/blob/")) return this.blob(req, res, url);
    send(res, 404, { error: { code: "NotFound", message: `No such endpoint ${url.pathname}` } });
  }

  // --- Entra ID: POST /{tenant}/oauth2/v2.0/token (client credentials) ---
  private async token(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    this.stats.tokenRequests++;
    const m = /^\/entra\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (!m || req.method !== "POST") return this.entraError(res, 404, "invalid_request", "AADSTS900561", "The endpoint only accepts POST requests.");
    const tenant = decodeURIComponent(m[1]!);
    if (!String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
      return this.entraError(res, 400, "invalid_request", "AADSTS900144", "The request body must contain the following parameter: 'grant_type'.");
    }
    const form = new URLSearchParams(await readBody(req));
    if (form.get("grant_type") !== "client_credentials") {
      return this.entraError(res, 400, "unsupported_grant_type", "AADSTS70003", "The app requested an unsupported grant type.");
    }
    for (const p of ["client_id", "scope"]) {
      if (!form.get(p)) return this.entraError(res, 400, "invalid_request", "AADSTS900144", `The request body must contain the following parameter: '${p}'.`);
    }
    if (!this.credentials.some((c) => c.tenantId === tenant)) {
      return this.entraError(res, 400, "invalid_request", "AADSTS90002", `Tenant '${tenant}' not found.`);
    }
    const cred = this.credentials.find((c) => c.tenantId === tenant && c.clientId === form.get("client_id"));
    if (!cred) {
      return this.entraError(res, 400, "unauthorized_client", "AADSTS700016", `Application with identifier '${form.get("client_id")}' was not found in the directory '${tenant}'.`);
    }
    if (!form.get("client_secret")) {
      return this.entraError(res, 401, "invalid_client", "AADSTS7000216", "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.");
    }
    if (!safeEqual(form.get("client_secret")!, cred.clientSecret)) {
      return this.entraError(res, 401, "invalid_client", "AADSTS7000215", `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${cred.clientId}'.`);
    }
    if (form.get("scope") !== ARM_AUDIENCE) {
      return this.entraError(res, 400, "invalid_scope", "AADSTS70011", `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid.`);
    }
    const lifetime = this.opts.tokenLifetimeSec ?? 3599;
    const accessToken = `standin.${randomBytes(24).toString("base64url")}`;
    this.tokens.set(accessToken, { clientId: cred.clientId, tenantId: tenant, expiresAt: this.now().getTime() + lifetime * 1000 });
    this.stats.tokensIssued++;
    send(res, 200, { token_type: "Bearer", expires_in: lifetime, ext_expires_in: lifetime, access_token: accessToken });
  }

  private entraError(res: ServerResponse, status: number, error: string, aadsts: string, text: string): void {
    const description = `${aadsts}: ${text}\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${this.now().toISOString()}`;
    this.stats.rejections.push({ status, code: error, message: description });
    send(res, status, { error, error_description: description, error_codes: [Number(aadsts.slice(6))], timestamp: this.now().toISOString() });
  }

  // --- Azure Resource Manager: Cost Details ---
  private async arm(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = decodeURIComponent(url.pathname.slice("/arm/".length));
    const at = path.toLowerCase().indexOf(CM);
    const scope = at < 0 ? path : path.slice(0, at);
    const action = at < 0 ? "" : path.slice(at + CM.length);
    try {
      this.authenticate(req);
      this.injectFaults(res);
      if (res.writableEnded) return;
      checkApiVersion(url);
      if (!classifyScope(scope)) {
        throw new RuleViolation(400, "BadRequest", `The scope '${scope}' is not supported. Resource Group and Management Group scopes are not supported.`);
      }
      if (this.deniedScopes.has(scope.toLowerCase())) {
        throw new RuleViolation(403, "AuthorizationFailed", `The client '${this.credential.clientId}' does not have authorization to perform action 'Microsoft.CostManagement/generateCostDetailsReport/action' over scope '/${scope}' or the scope is invalid.`);
      }
      if (req.method === "POST" && action.toLowerCase() === "generatecostdetailsreport") {
        return await this.createReport(req, res, scope, url);
      }
      const op = /^costdetailsoperationresults\/([^/]+)$/i.exec(action);
      if (req.method === "GET" && op) return this.pollOperation(res, scope, op[1]!, url);
      throw new RuleViolation(404, "NotFound", `No HTTP resource was found that matches '${req.method} ${url.pathname}'.`);
    } catch (err) {
      if (!(err instanceof RuleViolation)) throw err;
      this.stats.rejections.push({ status: err.status, code: err.code, message: err.message });
      const headers: Record<string, string> = err.status === 401 ? { "www-authenticate": `Bearer authorization_uri="${this.authorityHost}", error="invalid_token"` } : {};
      send(res, err.status, { error: { code: err.code, message: err.message } }, headers);
    }
  }

  private authenticate(req: IncomingMessage): void {
    const header = req.headers.authorization;
    if (!header) throw new RuleViolation(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
    const m = /^Bearer (\S+)$/.exec(header);
    if (!m) throw new RuleViolation(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is provided in an invalid format.");
    const token = this.tokens.get(m[1]!);
    if (!token) throw new RuleViolation(401, "InvalidAuthenticationToken", "The access token is invalid.");
    if (token.expiresAt <= this.now().getTime()) {
      throw new RuleViolation(401, "ExpiredAuthenticationToken", "The access token expiry UTC time is earlier than current UTC time.");
    }
  }

  /** Throttle storm and transient 5xx, in that order; writes the response when one applies. */
  private injectFaults(res: ServerResponse): void {
    const now = Date.now();
    if (now < this.throttledUntil - 50) {
      this.stats.prematureRetries++;
      this.stats.throttled++;
      send(res, 429, throttleBody(), { "retry-after": String(Math.ceil((this.throttledUntil - now) / 1000)) });
      return;
    }
    const storm = this.faults.throttle;
    if (storm && storm.count > 0) {
      storm.count--;
      this.stats.throttled++;
      const waitSec = Math.max(0, ...Object.entries(storm.headers).filter(([k]) => /retry-after$/i.test(k)).map(([, v]) => Number(v)));
      this.throttledUntil = now + waitSec * 1000;
      send(res, 429, throttleBody(), storm.headers);
      return;
    }
    const errors = this.faults.serverErrors;
    if (errors && errors.count > 0) {
      errors.count--;
      this.stats.serverErrors++;
      const status = errors.status ?? 503;
      send(res, status, { error: { code: status === 503 ? "ServiceUnavailable" : "InternalServerError", message: "Service is temporarily unavailable. Retry after some time." } });
    }
  }

  private async createReport(req: IncomingMessage, res: ServerResponse, scope: string, url: URL): Promise<void> {
    this.stats.reportRequests++;
    if (!String(req.headers["content-type"] ?? "").includes("application/json")) {
      throw new RuleViolation(415, "UnsupportedMediaType", "The request entity's media type is not supported. Use application/json.");
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      throw new RuleViolation(400, "BadRequest", "Invalid request payload. Request payload provided is not in a json format.");
    }
    const { dataKey, metric } = checkReportBody(body, scope, this.now());
    const report = this.reports.get(reportKey(scope, metric, dataKey));
    if (!report && this.noDataAs === "204") {
      res.writeHead(204).end();
      return;
    }
    const failed = (this.faults.failedOperations?.count ?? 0) > 0;
    if (failed) this.faults.failedOperations!.count--;
    const id = randomUUID();
    this.operations.set(id, { id, scope, requestBody: body as Record<string, unknown>, pollsLeft: this.pollsBeforeReady, report, failed });
    this.accepted(res, scope, id, url);
  }

  private accepted(res: ServerResponse, scope: string, id: string, url: URL): void {
    const location = `${this.resourceManagerEndpoint}/${scope}/providers/Microsoft.CostManagement/costDetailsOperationResults/${id}?api-version=${url.searchParams.get("api-version")}`;
    res.writeHead(202, { location, "retry-after": String(this.pollRetryAfterSec), "content-length": "0" }).end();
  }

  private pollOperation(res: ServerResponse, scope: string, id: string, url: URL): void {
    this.stats.polls++;
    const op = this.operations.get(id);
    if (!op || op.scope.toLowerCase() !== scope.toLowerCase()) {
      throw new RuleViolation(404, "NotFound", `Operation '${id}' was not found for scope '${scope}'.`);
    }
    if (op.pollsLeft > 0) {
      op.pollsLeft--;
      return this.accepted(res, scope, id, url);
    }
    const common = { id: `${scope}/providers/Microsoft.CostManagement/costDetailsOperationResults/${id}`, name: id, type: "Microsoft.CostManagement/costDetailsOperationResults" };
    if (op.failed) {
      return send(res, 200, { ...common, status: "Failed", error: { code: "InternalError", message: "The report generation failed. Please retry." } });
    }
    if (!op.report) return send(res, 200, { ...common, status: "NoDataFound" });
    const validTill = new Date(this.now().getTime() + (this.opts.blobLinkLifetimeSec ?? 3600) * 1000).toISOString();
    const blobs = op.report.blobs.map((blob, i) => ({ blobLink: this.sasLink(id, i, validTill), byteCount: blobSize(blob, op.report!.gzip) }));
    send(res, 200, {
      ...common,
      status: "Completed",
      manifest: {
        manifestVersion: url.searchParams.get("api-version"),
        dataFormat: "Csv",
        blobCount: blobs.length,
        byteCount: blobs.reduce((a, b) => a + b.byteCount, 0),
        compressData: op.report.gzip === true,
        requestContext: { requestScope: scope, requestBody: op.requestBody },
        blobs,
      },
      validTill,
    });
  }

  // --- Blob storage: SAS-signed GET ---
  private sasLink(opId: string, index: number, expiry: string): string {
    const path = `/blob/armreports/${opId}/${index}`;
    const sig = createHmac("sha256", this.sasKey).update(`${path}\n${expiry}`).digest("base64url");
    return `${this.base}${path}?sv=2020-05-31&sr=b&se=${encodeURIComponent(expiry)}&sp=r&sig=${sig}`;
  }

  private blob(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const expiry = url.searchParams.get("se") ?? "";
    const sig = createHmac("sha256", this.sasKey).update(`${url.pathname}\n${expiry}`).digest("base64url");
    if (req.headers.authorization) {
      return blobError(res, 400, "InvalidAuthenticationInfo", "Authentication information is not given in the correct format: send either a SAS or an Authorization header, not both.");
    }
    if (!safeEqual(url.searchParams.get("sig") ?? "", sig)) {
      return blobError(res, 403, "AuthenticationFailed", "Server failed to authenticate the request. Signature did not match.");
    }
    if (Date.parse(expiry) < this.now().getTime()) {
      return blobError(res, 403, "AuthenticationFailed", "Signed expiry time must be after signed start time / signature not valid in the specified time frame.");
    }
    const m = /^\/blob\/armreports\/([^/]+)\/(\d+)$/.exec(url.pathname);
    const op = m ? this.operations.get(m[1]!) : undefined;
    const blob = op?.report?.blobs[Number(m?.[2])];
    if (!blob) return blobError(res, 404, "BlobNotFound", "The specified blob does not exist.");
    const errors = this.faults.blobServerErrors;
    if (errors && errors.count > 0 && (errors.index === undefined || errors.index === Number(m![2]))) {
      errors.count--;
      this.stats.serverErrors++;
      return blobError(res, 503, "ServerBusy", "The server is currently unable to receive requests. Please retry your request.");
    }
    this.stats.blobDownloads++;
    const gzip = op!.report!.gzip === true;
    const size = blobSize(blob, gzip);
    res.writeHead(200, { "content-type": gzip ? "application/gzip" : "text/csv", "content-length": String(size), "x-ms-blob-type": "BlockBlob" });
    const resets = this.faults.blobResets;
    let cutAt = Infinity;
    if (resets && resets.count > 0) {
      resets.count--;
      cutAt = Math.floor(size / 2);
    }
    const source = openBlob(blob, gzip);
    let sent = 0;
    source.on("data", (chunk: Buffer) => {
      if (sent + chunk.length > cutAt) {
        res.write(chunk.subarray(0, cutAt - sent));
        source.destroy();
        res.socket?.destroy();
        return;
      }
      sent += chunk.length;
      if (!res.write(chunk)) {
        source.pause();
        res.once("drain", () => source.resume());
      }
    });
    source.on("end", () => res.end());
    source.on("error", () => res.destroy());
    res.on("close", () => source.destroy());
  }
}

export async function startAzureStandin(opts: AzureStandinOptions = {}): Promise<AzureStandin> {
  return new AzureStandin(opts).start();
}

function reportKey(scope: string, metric: string, month: string): string {
  return `${scope.replace(/^\/+/, "").toLowerCase()}|${metric}|${month}`;
}

function checkApiVersion(url: URL): void {
  const v = url.searchParams.get("api-version");
  if (!v) throw new RuleViolation(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
  if (!SUPPORTED_API_VERSIONS.includes(v)) {
    throw new RuleViolation(400, "InvalidApiVersionParameter", `The api-version '${v}' is invalid. The supported versions are '${SUPPORTED_API_VERSIONS.join(",")}'.`);
  }
}

function throttleBody() {
  return { error: { code: "429", message: "Too many requests. Please retry." } };
}

function asBuffer(blob: string | Buffer): Buffer {
  return typeof blob === "string" ? Buffer.from(blob, "utf8") : blob;
}

function gzipped(blob: StandinBlob): Buffer {
  if (typeof blob !== "string" && !Buffer.isBuffer(blob)) throw new Error("gzip is only supported for in-memory blobs");
  return gzipSync(asBuffer(blob));
}

function blobSize(blob: StandinBlob, gzip?: boolean): number {
  if (gzip) return gzipped(blob).length;
  if (typeof blob === "string" || Buffer.isBuffer(blob)) return asBuffer(blob).length;
  return blob.bytes;
}

function openBlob(blob: StandinBlob, gzip: boolean): Readable {
  if (gzip) return Readable.from(chunks(gzipped(blob)));
  if (typeof blob === "string" || Buffer.isBuffer(blob)) return Readable.from(chunks(asBuffer(blob)));
  return blob.open();
}

function* chunks(buf: Buffer, size = 64 * 1024): Generator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

function blobError(res: ServerResponse, status: number, code: string, message: string): void {
  const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  res.writeHead(status, { "content-type": "application/xml", "x-ms-error-code": code }).end(xml);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of req) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
