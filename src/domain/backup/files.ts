/** Local files of a backup while it is made or checked: gzip'd lines, sizes and SHA-256. */
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import crypto from "node:crypto";
import path from "node:path";
import readline from "node:readline";
import { createGunzip, createGzip } from "node:zlib";
import { once } from "node:events";

export async function sha256OfFile(file: string): Promise<string> {
  const hash = crypto.createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** A gzip'd text file written piece by piece; `close` flushes it and returns its size. */
export async function gzipWriter(file: string) {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const gz = createGzip();
  gz.pipe(out);
  return {
    async write(text: string) {
      if (!gz.write(text)) await once(gz, "drain");
    },
    async close(): Promise<number> {
      gz.end();
      await once(out, "close");
      return (await fs.stat(file)).size;
    },
  };
}

/** The lines of a gzip'd text file, in batches. */
export async function* gzipLineBatches(file: string, batchSize: number): AsyncGenerator<string[]> {
  const lines = readline.createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  let batch: string[] = [];
  for await (const line of lines) {
    if (line === "") continue;
    batch.push(line);
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
