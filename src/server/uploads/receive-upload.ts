import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import type { Runtime } from "~/domain/runtime";
import { uploadDir } from "~/domain/ingestion/run-dir";
import { startUpload } from "~/domain/ingestion/start-runs";
import { findSource } from "~/domain/sources/registry";
import { acceptsUploads } from "~/domain/plugins/registry";
import { recordAudit, type AuditOrigin } from "~/domain/audit/record";
import { boundaryOf, readMultipart, MultipartError } from "./multipart";

export const UPLOAD_EXTENSIONS = [".csv", ".csv.gz", ".parquet"] as const;
export const MAX_UPLOAD_FILE_BYTES = 5 * 1024 ** 3;
/** Plain form fields are not used by the upload; a few small ones are tolerated, not stored. */
export const MAX_UPLOAD_FIELDS = 20;
export const MAX_UPLOAD_FIELD_BYTES = 64 * 1024;

/** An upload refused for a reason the person uploading can fix; `status` is the HTTP status. */
export class UploadError extends Error {
  override name = "UploadError";
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export type UploadResult = { uploadId: string; workflowId: string; runId: string; files: { name: string; bytes: number }[] };

function safeName(name: string): string {
  const base = path.basename(name.replace(/\\/g, "/")).replace(/[^\w.\- ()]/g, "_").slice(-200);
  return base || "file";
}

const gib = (n: number) => `${(n / 1024 ** 3).toFixed(n < 1024 ** 3 ? 2 : 0)} GiB`;

/**
 * Streams a multipart body's files to the upload directory (never the whole file in memory),
 * checks names and sizes, then starts the ingestUpload workflow. On any refusal nothing is kept.
 */
export async function receiveUpload(
  rt: Runtime,
  req: { body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null; contentType: string | null; sourceId: string | null; maxFileBytes?: number },
  origin: AuditOrigin = {},
): Promise<UploadResult> {
  const max = req.maxFileBytes ?? MAX_UPLOAD_FILE_BYTES;
  const maxFiles = rt.env.ABI_UPLOAD_MAX_FILES;
  if (!req.sourceId || !/^[0-9a-f-]{36}$/i.test(req.sourceId)) throw new UploadError("Pick the file-upload source to load the files into", 400);
  const source = await findSource(rt.db, req.sourceId);
  if (!source) throw new UploadError("That data source does not exist (it may have been deleted)", 404);
  if (!acceptsUploads(source.plugin)) throw new UploadError(`${source.name} pulls its own data; upload files to a file-upload source`, 400);
  if (!req.body) throw new UploadError("The request has no body", 400);
  let boundary: string;
  try {
    boundary = boundaryOf(req.contentType);
  } catch (err) {
    throw new UploadError((err as Error).message, 415);
  }

  const uploadId = randomUUID();
  const dir = uploadDir(rt.env, uploadId);
  fs.mkdirSync(dir, { recursive: true });
  const files: { path: string; name: string; bytes: number }[] = [];
  let out: fs.WriteStream | undefined;
  let current: { path: string; name: string; bytes: number } | undefined;
  let field: { name: string; bytes: number } | undefined;
  let fields = 0;
  let writeError: Error | undefined;
  try {
    for await (const ev of readMultipart(req.body as AsyncIterable<Uint8Array>, boundary)) {
      if (ev.type === "part") {
        if (ev.filename === undefined) {
          current = undefined; // a plain form field: counted and ignored
          field = { name: ev.name, bytes: 0 };
          if (++fields > MAX_UPLOAD_FIELDS) throw new UploadError(`The upload has more than ${MAX_UPLOAD_FIELDS} form fields`, 400);
          continue;
        }
        field = undefined;
        if (files.length >= maxFiles) {
          throw new UploadError(`Upload at most ${maxFiles} files at a time (ABI_UPLOAD_MAX_FILES); send the rest in another upload`, 413);
        }
        const name = safeName(ev.filename);
        if (!UPLOAD_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext))) {
          throw new UploadError(`${name}: upload CSV (.csv), gzip-compressed CSV (.csv.gz) or Parquet (.parquet) files`, 415);
        }
        current = { path: path.join(dir, `${files.length + 1}-${name}`), name, bytes: 0 };
        files.push(current);
        out = fs.createWriteStream(current.path, { flags: "wx" });
        out.on("error", (err) => (writeError ??= err));
        await once(out, "open");
      } else if (ev.type === "data" && field) {
        field.bytes += ev.chunk.length;
        if (field.bytes > MAX_UPLOAD_FIELD_BYTES) throw new UploadError(`The form field ${field.name.slice(0, 50)} is larger than ${MAX_UPLOAD_FIELD_BYTES / 1024} KiB`, 413);
      } else if (ev.type === "data" && current && out) {
        current.bytes += ev.chunk.length;
        if (current.bytes > max) throw new UploadError(`${current.name} is larger than the ${gib(max)} upload limit`, 413);
        if (writeError) throw writeError;
        if (!out.write(ev.chunk)) await once(out, "drain");
      } else if (ev.type === "end" && out) {
        out.end();
        await once(out, "finish");
        out = undefined;
      }
    }
    if (files.length === 0) throw new UploadError("Choose at least one file to upload", 400);
    const empty = files.find((f) => f.bytes === 0);
    if (empty) throw new UploadError(`${empty.name} is empty (0 bytes)`, 400);
    const run = await startUpload(rt, { sourceId: source.id, uploadId, files });
    const received = files.map(({ name, bytes }) => ({ name, bytes }));
    await recordAudit(rt.db, { ...origin, action: "upload.ingest", target: source.name, details: { files: received, workflowId: run.workflowId } });
    return { uploadId, ...run, files: received };
  } catch (err) {
    if (out) {
      out.destroy();
      await once(out, "close").catch(() => undefined);
    }
    fs.rmSync(dir, { recursive: true, force: true });
    if (err instanceof MultipartError) throw new UploadError(err.message, 400);
    throw err;
  }
}
