import type { CostDetailsScope } from "./scopes";

export type CostMetric = "ActualCost" | "AmortizedCost";

export interface CostDetailsBlob {
  blobLink: string;
  byteCount?: number;
}

/** `manifest` of a finished Cost Details operation (CostDetailsOperationResults in the spec). */
export interface CostDetailsManifest {
  manifestVersion?: string;
  dataFormat?: string;
  blobCount?: number;
  byteCount?: number;
  compressData?: boolean;
  requestContext?: { requestScope?: string; requestBody?: unknown };
  blobs?: CostDetailsBlob[];
}

export interface CostDetailsOperationResult {
  id?: string;
  name?: string;
  status?: "Completed" | "NoDataFound" | "Failed" | string;
  manifest?: CostDetailsManifest;
  validTill?: string;
  error?: { code?: string; message?: string };
}

export interface CostDetailsRequest {
  scope: CostDetailsScope;
  /** Billing month, YYYY-MM. One month per request. */
  month: string;
  metric?: CostMetric;
  /** Directory the report's CSV blobs are written to (created if missing). */
  outDir: string;
  signal?: AbortSignal;
  onProgress?: (p: CostDetailsProgress) => void;
  /** Clock for the 13-month rule (tests). */
  now?: Date;
}

export interface CostDetailsProgress {
  phase: "requesting" | "waiting" | "throttled" | "downloading" | "done";
  bytesDone: number;
  /** Known once the operation finished (manifest.byteCount). */
  bytesTotal?: number;
  blobsDone: number;
  blobsTotal?: number;
  /** For "waiting" and "throttled": how long the client now sleeps. */
  waitMs?: number;
}

export interface CostDetailsFile {
  path: string;
  bytes: number;
  sha256: string;
  /** gzip when the manifest said compressData. */
  compressed: boolean;
  blobIndex: number;
}

export interface CostDetailsReport {
  /** NoDataFound is a successful, empty month. */
  status: "Completed" | "NoDataFound";
  scope: string;
  month: string;
  metric: CostMetric;
  timePeriod: { start: string; end: string };
  operationId?: string;
  files: CostDetailsFile[];
  totalBytes: number;
  manifest?: CostDetailsManifest;
  validTill?: string;
}
