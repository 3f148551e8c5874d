import type { Readable } from "node:stream";

export interface StandinCredential {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/** Blob content: text/bytes, or a stream factory with its size (for large generated blobs). */
export type StandinBlob = string | Buffer | { bytes: number; open: () => Readable };

export interface StandinReport {
  blobs: StandinBlob[];
  /** gzip every blob and report compressData: true. */
  gzip?: boolean;
}

export interface StandinFaults {
  /**
   * The next `count` ARM requests get 429 with these headers (values in seconds). While a
   * throttle window is open, early retries get 429 again and count as premature.
   */
  throttle?: { count: number; headers: Record<string, string> };
  /** The next `count` ARM requests get this 5xx. */
  serverErrors?: { count: number; status?: 500 | 502 | 503 | 504 };
  /** The next `count` blob downloads (of blob number `index` only, when given) get 503. */
  blobServerErrors?: { count: number; index?: number };
  /** The next `count` blob downloads are cut off half way (socket destroyed). */
  blobResets?: { count: number };
  /** The next `count` operations finish with status Failed. */
  failedOperations?: { count: number };
}

export interface StandinStats {
  tokenRequests: number;
  tokensIssued: number;
  reportRequests: number;
  polls: number;
  throttled: number;
  /** Requests that arrived while a throttle window was still open. */
  prematureRetries: number;
  serverErrors: number;
  blobDownloads: number;
  /** Every 4xx the stand-in answered (to see why a client was refused). */
  rejections: { status: number; code: string; message: string }[];
}

export function emptyStats(): StandinStats {
  return {
    tokenRequests: 0,
    tokensIssued: 0,
    reportRequests: 0,
    polls: 0,
    throttled: 0,
    prematureRetries: 0,
    serverErrors: 0,
    blobDownloads: 0,
    rejections: [],
  };
}

export interface Operation {
  id: string;
  scope: string;
  requestBody: Record<string, unknown>;
  pollsLeft: number;
  report: StandinReport | undefined;
  failed: boolean;
}

export interface IssuedToken {
  clientId: string;
  tenantId: string;
  expiresAt: number;
}
