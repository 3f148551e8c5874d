import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { createS3Client, normalizePrefix, type S3ExportsConfig } from "./config";
import { basename, dirname, isManifestKey, monthFromDate, monthFromDateRange, partFormat, type ExportPartFormat } from "./layout";
import { parseExportManifest, type ExportManifest } from "./manifest";
import { mapS3Error } from "./s3-errors";

export interface ListedObject {
  key: string;
  size: number;
  lastModified?: Date;
}

export interface ExportPart {
  key: string;
  size: number;
  format: ExportPartFormat;
  /** From the manifest; null when the manifest does not say. */
  rowCount: number | null;
}

export interface ExportRun {
  exportName: string;
  exportType?: string;
  dataVersion?: string;
  /** Billing month, YYYY-MM. */
  month: string;
  runId: string;
  /** runInfo.submittedTime, else the manifest's LastModified (ISO). */
  submittedAt: string;
  manifestKey: string;
  /** Folder holding the manifest. */
  runPrefix: string;
  rowCount: number | null;
  parts: ExportPart[];
  /** Every part the manifest lists is present with the announced size. */
  complete: boolean;
  problems: string[];
  manifest?: ExportManifest;
}

export interface ExportRunListing {
  /** Every run found (complete or not), newest first. */
  runs: ExportRun[];
  /** The newest complete run per (export, month), sorted by export then month. */
  latest: ExportRun[];
}

const MAX_MANIFEST_BYTES = 10 * 1024 * 1024;

/** Every object under the configured prefix (paginated ListObjectsV2). */
export async function listObjects(client: S3Client, cfg: S3ExportsConfig, signal?: AbortSignal): Promise<ListedObject[]> {
  const out: ListedObject[] = [];
  let token: string | undefined;
  do {
    const page = await client
      .send(new ListObjectsV2Command({ Bucket: cfg.bucket, Prefix: normalizePrefix(cfg.prefix), ContinuationToken: token }), { abortSignal: signal })
      .catch((err: unknown) => {
        throw mapS3Error(err, cfg, "Listing the export folder");
      });
    for (const o of page.Contents ?? []) if (o.Key) out.push({ key: o.Key, size: o.Size ?? 0, lastModified: o.LastModified });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out;
}

/**
 * Finds export runs under the prefix, laid out as Cost Management writes them
 * (<root>/<export>/<YYYYMMDD-YYYYMMDD>/[<time>/]<runId>/ parts + manifest.json). A run counts only
 * once its manifest.json is there and every part it lists is present with the announced size.
 */
export async function listExportRuns(
  cfg: S3ExportsConfig,
  opts: { signal?: AbortSignal; client?: S3Client } = {},
): Promise<ExportRunListing> {
  const client = opts.client ?? createS3Client(cfg);
  const objects = await listObjects(client, cfg, opts.signal);
  const byKey = new Map(objects.map((o) => [o.key, o]));
  const runs: ExportRun[] = [];
  for (const m of objects.filter((o) => isManifestKey(o.key))) {
    const text = await readManifest(client, cfg, m, opts.signal);
    runs.push(describeRun(cfg, m, text, byKey));
  }
  runs.sort((a, b) => b.submittedAt.localeCompare(a.submittedAt) || b.manifestKey.localeCompare(a.manifestKey));
  const latest = new Map<string, ExportRun>();
  for (const run of runs) {
    const key = `${run.exportName}\u0000${run.month}`;
    if (run.complete && !latest.has(key)) latest.set(key, run);
  }
  return {
    runs,
    latest: [...latest.values()].sort((a, b) => a.exportName.localeCompare(b.exportName) || a.month.localeCompare(b.month)),
  };
}

/** The newest complete run of each export for one month (or undefined when there is none). */
export async function findLatestExportRuns(
  cfg: S3ExportsConfig,
  filter: { month?: string; exportName?: string } = {},
  opts: { signal?: AbortSignal; client?: S3Client } = {},
): Promise<ExportRun[]> {
  const { latest } = await listExportRuns(cfg, opts);
  return latest.filter((r) => (!filter.month || r.month === filter.month) && (!filter.exportName || r.exportName === filter.exportName));
}

async function readManifest(client: S3Client, cfg: S3ExportsConfig, obj: ListedObject, signal?: AbortSignal): Promise<string> {
  if (obj.size > MAX_MANIFEST_BYTES) return "";
  const res = await client.send(new GetObjectCommand({ Bucket: cfg.bucket, Key: obj.key }), { abortSignal: signal }).catch((err: unknown) => {
    throw mapS3Error(err, cfg, `Reading ${obj.key}`);
  });
  return (await res.Body?.transformToString("utf8")) ?? "";
}

function describeRun(cfg: S3ExportsConfig, obj: ListedObject, text: string, byKey: Map<string, ListedObject>): ExportRun {
  const runPrefix = dirname(obj.key);
  const rel = runPrefix.slice(normalizePrefix(cfg.prefix).length).split("/").filter(Boolean);
  const rangeAt = rel.findIndex((s) => monthFromDateRange(s) !== undefined);
  const { manifest, problem } = text ? parseExportManifest(text) : { problem: "manifest.json is empty or too large", manifest: undefined };
  const problems = problem ? [problem] : [];

  const exportName =
    manifest?.exportConfig?.exportName ?? (rangeAt > 0 ? rel[rangeAt - 1] : rel[rel.length - 3]) ?? (rel[0] ?? "export");
  const month = (rangeAt >= 0 ? monthFromDateRange(rel[rangeAt]!) : undefined) ?? monthFromDate(manifest?.runInfo?.startDate);
  if (!month) problems.push("cannot tell the billing month: no YYYYMMDD-YYYYMMDD folder and no runInfo.startDate");
  const submitted = manifest?.runInfo?.submittedTime;
  const submittedAt =
    submitted && !Number.isNaN(Date.parse(submitted)) ? new Date(Date.parse(submitted)).toISOString() : (obj.lastModified ?? new Date(0)).toISOString();

  const parts: ExportPart[] = [];
  for (const blob of manifest?.blobs ?? []) {
    const found = resolvePart(cfg, runPrefix, blob.blobName, byKey);
    if (!found) {
      problems.push(`part ${blob.blobName} listed in manifest.json is not in the bucket (yet)`);
      continue;
    }
    if (typeof blob.byteCount === "number" && blob.byteCount !== found.size) {
      problems.push(`part ${found.key} has ${found.size} bytes, manifest.json says ${blob.byteCount} (still uploading?)`);
      continue;
    }
    const format = partFormat(found.key, manifest?.deliveryConfig?.fileFormat, manifest?.deliveryConfig?.compressionMode);
    if (!format) {
      problems.push(`part ${found.key} is neither CSV, CSV.gz nor Parquet`);
      continue;
    }
    parts.push({ key: found.key, size: found.size, format, rowCount: blob.dataRowCount ?? null });
  }
  if (manifest && typeof manifest.blobCount === "number" && manifest.blobCount !== manifest.blobs.length) {
    problems.push(`manifest.json says blobCount ${manifest.blobCount} but lists ${manifest.blobs.length} blobs`);
  }
  return {
    exportName,
    exportType: manifest?.exportConfig?.type ?? undefined,
    dataVersion: manifest?.exportConfig?.dataVersion ?? undefined,
    month: month ?? "unknown",
    runId: manifest?.runInfo?.runId ?? basename(runPrefix),
    submittedAt,
    manifestKey: obj.key,
    runPrefix,
    rowCount: manifest?.dataRowCount ?? null,
    parts,
    complete: problems.length === 0,
    problems,
    manifest,
  };
}

/**
 * blobName is relative to the Azure container (it includes rootFolderPath). After a copy to S3 the
 * container may be the bucket, sit under our prefix, or only the file names may line up; try each.
 */
function resolvePart(cfg: S3ExportsConfig, runPrefix: string, blobName: string, byKey: Map<string, ListedObject>): ListedObject | undefined {
  const clean = blobName.split("/").map((s) => s.trim()).filter(Boolean).join("/");
  const candidates = [clean, `${normalizePrefix(cfg.prefix)}${clean}`, `${runPrefix}/${basename(clean)}`];
  for (const c of candidates) {
    const hit = byKey.get(c);
    if (hit) return hit;
  }
  return undefined;
}
