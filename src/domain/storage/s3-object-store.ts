/** The object store on an S3-compatible bucket (AWS S3, MinIO, rclone, Ceph). */
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { createS3Client, normalizePrefix } from "../sources/s3-exports/config";
import { checkObjectKey, normalizeObjectPrefix, type ObjectStore, type StoredObject } from "./object-store";

export type S3StoreSettings = {
  endpoint?: string;
  region?: string;
  bucket: string;
  /** Folder inside the bucket that everything ABI stores goes under. */
  prefix?: string;
  forcePathStyle?: boolean;
  /** false: accept a self-signed certificate, for this store's client only. */
  verifyTls?: boolean;
  accessKeyId: string;
  secretAccessKey: string;
};

export function s3ObjectStore(settings: S3StoreSettings, client: S3Client = createS3Client(settings)): ObjectStore {
  const root = normalizePrefix(settings.prefix);
  const Bucket = settings.bucket;
  const full = (key: string) => root + checkObjectKey(key);

  async function bodyOf(key: string): Promise<Readable> {
    const res = await client.send(new GetObjectCommand({ Bucket, Key: full(key) }));
    if (!res.Body) throw new Error(`s3://${Bucket}/${full(key)} has no body`);
    return res.Body as Readable;
  }

  const store: ObjectStore = {
    description: `s3://${Bucket}/${root}${settings.endpoint ? ` at ${settings.endpoint}` : ""}`,
    async put(key, body, opts) {
      if (typeof body === "string" || Buffer.isBuffer(body)) {
        await client.send(new PutObjectCommand({ Bucket, Key: full(key), Body: body, ContentType: opts?.contentType }));
      } else {
        // Multipart for streams of unknown length; S3 makes the object visible only when complete.
        await new Upload({ client, params: { Bucket, Key: full(key), Body: body, ContentType: opts?.contentType } }).done();
      }
    },
    async putFile(key, file, opts) {
      const { createReadStream } = await import("node:fs");
      const { size } = await fs.stat(file);
      if (size < 8 * 1024 * 1024) await store.put(key, await fs.readFile(file), opts);
      else await store.put(key, createReadStream(file), opts);
    },
    async get(key) {
      const chunks: Buffer[] = [];
      for await (const c of await bodyOf(key)) chunks.push(Buffer.from(c as Uint8Array));
      return Buffer.concat(chunks);
    },
    async getToFile(key, file) {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await pipeline(await bodyOf(key), createWriteStream(file));
    },
    async list(prefix) {
      const p = root + normalizeObjectPrefix(prefix);
      const out: StoredObject[] = [];
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: p, ContinuationToken }));
        for (const o of page.Contents ?? []) {
          if (!o.Key || o.Key.endsWith("/")) continue;
          out.push({ key: o.Key.slice(root.length), bytes: o.Size ?? 0, modifiedAt: o.LastModified ?? new Date(0) });
        }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
      return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    async exists(key) {
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key: full(key) }));
        return true;
      } catch (err) {
        const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (status === 404 || (err as Error).name === "NotFound") return false;
        throw err;
      }
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: full(key) }));
    },
    async deletePrefix(prefix) {
      const objects = await store.list(prefix);
      for (let i = 0; i < objects.length; i += 1000) {
        const batch = objects.slice(i, i + 1000);
        // One by one where DeleteObjects is unsupported would be slower; every S3 server we target has it.
        await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: batch.map((o) => ({ Key: root + o.key })), Quiet: true } }));
      }
      return objects.length;
    },
  };
  return store;
}

