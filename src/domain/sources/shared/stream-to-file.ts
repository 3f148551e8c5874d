import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

export interface StoredFile {
  path: string;
  bytes: number;
  sha256: string;
}

/**
 * Streams `source` into `filePath` (never buffering it whole) while hashing and counting bytes.
 * Writes to `<file>.partial` and renames on success, so a failed or cancelled download never
 * leaves a half file under the final name.
 */
export async function streamToFile(
  source: Readable,
  filePath: string,
  opts: { signal?: AbortSignal; onBytes?: (chunkBytes: number) => void } = {},
): Promise<StoredFile> {
  await mkdir(path.dirname(filePath), { recursive: true });
  const partial = `${filePath}.partial`;
  const hash = createHash("sha256");
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      opts.onBytes?.(chunk.length);
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, createWriteStream(partial), { signal: opts.signal });
    await rename(partial, filePath);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  return { path: filePath, bytes, sha256: hash.digest("hex") };
}
