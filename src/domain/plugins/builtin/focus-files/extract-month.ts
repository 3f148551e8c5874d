import { GetObjectCommand } from "@aws-sdk/client-s3";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { mapS3Error, normalizePrefix } from "../../../sources/s3-exports";
import { InvalidSourceRequestError, SourceDataError } from "../../../sources/shared/errors";
import { streamToFile } from "../../../sources/shared/stream-to-file";
import type { Extracted, ExtractContext, ExtractedFile } from "../../contract";
import type { FocusFilesConfig, FocusFilesSecrets } from "./config";
import { objectsOfMonth } from "./bucket";

/** Where an object goes under the run directory: its path below the prefix, no `..`. */
function localPath(dir: string, prefix: string, key: string): string {
  const rel = key.startsWith(prefix) ? key.slice(prefix.length) : key;
  return path.join(dir, ...rel.split("/").filter((s) => s !== ".." && s !== "." && s !== ""));
}

/**
 * Every FOCUS file of the month, streamed to the run directory. A FOCUS version chosen in the
 * config is written as `<file>.metadata.json` ({"FocusVersion": …}), which ingest reads before the
 * header (src/domain/focus/versions/detect.ts).
 */
export async function extractMonth(ctx: ExtractContext<FocusFilesConfig, FocusFilesSecrets>, month: string): Promise<Extracted> {
  const { client, cfg, objects } = await objectsOfMonth(ctx.config, ctx.secrets, month, ctx.signal);
  const prefix = normalizePrefix(cfg.prefix);
  if (objects.length === 0) throw new InvalidSourceRequestError(`no FOCUS files for ${month} under s3://${cfg.bucket}/${prefix} (layout: ${ctx.config.monthLayout})`);
  const total = objects.reduce((a, o) => a + o.size, 0);
  const files: ExtractedFile[] = [];
  let bytes = 0;
  try {
    for (const o of objects) {
      const file = localPath(ctx.dir, prefix, o.key);
      const res = await client.send(new GetObjectCommand({ Bucket: cfg.bucket, Key: o.key }), { abortSignal: ctx.signal }).catch((err: unknown) => {
        throw mapS3Error(err, cfg, `Downloading ${o.key}`);
      });
      const before = bytes;
      const stored = await streamToFile(res.Body as Readable, file, {
        signal: ctx.signal,
        onBytes: (n) => ctx.onProgress?.({ phase: "download", bytesDone: (bytes += n), bytesTotal: total }),
      });
      if (stored.bytes !== o.size) throw new SourceDataError(`Downloaded ${o.key}: ${stored.bytes} bytes, the bucket listing said ${o.size}`);
      bytes = before + stored.bytes;
      if (ctx.config.focusVersion !== "auto") await writeFile(`${file}.metadata.json`, JSON.stringify({ FocusVersion: ctx.config.focusVersion }));
      files.push({ path: stored.path, name: o.key.slice(prefix.length) || o.key, bytes: stored.bytes });
    }
  } catch (err) {
    await Promise.all(files.map((f) => rm(f.path, { force: true })));
    throw err;
  }
  return { files, bytes, note: `${files.length} FOCUS file(s) for ${month}` };
}
