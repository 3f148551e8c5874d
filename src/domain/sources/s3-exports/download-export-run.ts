import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { rm } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { abortableSleep } from "../shared/abortable-sleep";
import { SourceDataError, SourceError } from "../shared/errors";
import { streamToFile } from "../shared/stream-to-file";
import { createS3Client, type S3ExportsConfig } from "./config";
import type { ExportPartFormat } from "./layout";
import type { ExportPart, ExportRun } from "./list-export-runs";
import { mapS3Error } from "./s3-errors";

export interface DownloadedPart {
  key: string;
  path: string;
  bytes: number;
  sha256: string;
  format: ExportPartFormat;
  rowCount: number | null;
}

export interface DownloadProgress {
  bytesDone: number;
  bytesTotal: number;
  partsDone: number;
  partsTotal: number;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  client?: S3Client;
  /** Attempts per part for retryable failures (the SDK also retries each request). */
  attemptsPerPart?: number;
}

/**
 * Streams every part of a run to `destDir` (keeping their paths relative to the run folder), with
 * size and sha256. All or nothing: on failure the parts already written are removed. A part whose
 * size differs from the listing fails with SourceDataError.
 */
export async function downloadExportRun(
  cfg: S3ExportsConfig,
  run: Pick<ExportRun, "parts" | "runPrefix">,
  destDir: string,
  opts: DownloadOptions = {},
): Promise<DownloadedPart[]> {
  const client = opts.client ?? createS3Client(cfg);
  const progress: DownloadProgress = {
    bytesDone: 0,
    bytesTotal: run.parts.reduce((a, p) => a + p.size, 0),
    partsDone: 0,
    partsTotal: run.parts.length,
  };
  opts.onProgress?.({ ...progress });
  const out: DownloadedPart[] = [];
  try {
    for (const part of run.parts) {
      out.push(await downloadPart(client, cfg, part, localPath(destDir, run.runPrefix, part.key), progress, opts));
      progress.partsDone++;
      opts.onProgress?.({ ...progress });
    }
  } catch (err) {
    await Promise.all(out.map((f) => rm(f.path, { force: true })));
    throw err;
  }
  return out;
}

async function downloadPart(
  client: S3Client,
  cfg: S3ExportsConfig,
  part: ExportPart,
  file: string,
  progress: DownloadProgress,
  opts: DownloadOptions,
): Promise<DownloadedPart> {
  const before = progress.bytesDone;
  const attempts = opts.attemptsPerPart ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await client.send(new GetObjectCommand({ Bucket: cfg.bucket, Key: part.key }), { abortSignal: opts.signal });
      const stored = await streamToFile(res.Body as Readable, file, {
        signal: opts.signal,
        onBytes: (n) => {
          progress.bytesDone += n;
          opts.onProgress?.({ ...progress });
        },
      });
      if (stored.bytes !== part.size) {
        await rm(stored.path, { force: true });
        throw new SourceDataError(`Downloaded ${part.key}: ${stored.bytes} bytes, the bucket listing said ${part.size}`);
      }
      return { key: part.key, ...stored, format: part.format, rowCount: part.rowCount };
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      const mapped = mapS3Error(err, cfg, `Downloading ${part.key}`);
      const retryable = mapped instanceof SourceError && mapped.retryable;
      if (!retryable || attempt >= attempts) throw mapped;
      progress.bytesDone = before;
      await abortableSleep(250 * attempt, opts.signal);
    }
  }
}

function localPath(destDir: string, runPrefix: string, key: string): string {
  const rel = key.startsWith(`${runPrefix}/`) ? key.slice(runPrefix.length + 1) : path.posix.basename(key);
  return path.join(destDir, ...rel.split("/").filter((s) => s !== ".." && s !== "." && s !== ""));
}
