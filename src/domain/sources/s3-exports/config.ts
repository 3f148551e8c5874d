import http from "node:http";
import https from "node:https";
import { S3Client } from "@aws-sdk/client-s3";
import { checkS3EndpointSync, guardedLookup, UrlRefusedError } from "../shared/url-policy";

export interface S3ExportsConfig {
  /** http(s)://host:port for MinIO & co; omit for AWS S3. */
  endpoint?: string;
  region?: string;
  bucket: string;
  /** Folder the exports were copied under (the export's rootFolderPath, or deeper). */
  prefix?: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Path-style URLs (MinIO, rclone, most self-hosted S3). Default: true when an endpoint is set. */
  forcePathStyle?: boolean;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** SDK attempts per request (network errors, 5xx, throttling). */
  maxAttempts?: number;
  /** false: accept any TLS certificate (self-signed MinIO); applies to this client's agent only. */
  verifyTls?: boolean;
}

export function createS3Client(cfg: S3ExportsConfig): S3Client {
  if (!cfg.bucket?.trim()) throw new TypeError("S3 source: bucket is required");
  if (!cfg.accessKeyId || !cfg.secretAccessKey) throw new TypeError("S3 source: access key and secret are required");
  if (cfg.endpoint) {
    try {
      checkS3EndpointSync(cfg.endpoint);
    } catch (err) {
      if (err instanceof UrlRefusedError) throw new TypeError(err.message);
      throw err;
    }
  }
  return new S3Client({
    endpoint: cfg.endpoint || undefined,
    region: cfg.region || "us-east-1",
    forcePathStyle: cfg.forcePathStyle ?? Boolean(cfg.endpoint),
    credentials: { accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey, sessionToken: cfg.sessionToken },
    maxAttempts: cfg.maxAttempts ?? 3,
    // S3-compatible servers (MinIO, rclone, Ceph) do not all accept the SDK's default CRC headers.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    requestHandler: {
      connectionTimeout: cfg.connectTimeoutMs ?? 5_000,
      requestTimeout: cfg.requestTimeoutMs ?? 60_000,
      throwOnRequestTimeout: true,
      // Names are checked again when a socket connects (link-local / metadata addresses refused).
      httpAgent: new http.Agent({ keepAlive: true, lookup: guardedLookup }),
      httpsAgent: new https.Agent({ keepAlive: true, lookup: guardedLookup, rejectUnauthorized: cfg.verifyTls !== false }),
    },
  });
}

/** "" or a prefix ending in "/". */
export function normalizePrefix(prefix: string | undefined): string {
  const p = (prefix ?? "").trim().replace(/^\/+/, "");
  return p === "" || p.endsWith("/") ? p : `${p}/`;
}

export function describeTarget(cfg: S3ExportsConfig): string {
  return `s3://${cfg.bucket}/${normalizePrefix(cfg.prefix)}${cfg.endpoint ? ` at ${cfg.endpoint}` : ""}`;
}
