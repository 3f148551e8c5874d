/**
 * Where ABI keeps files of its own (issue 12): raw billing files of every run, exports and report
 * outputs, backups. One interface, two places: a folder in the data directory (embedded default,
 * no S3 needed) or an S3/MinIO bucket (platform storage settings). Keys are "/"-separated relative
 * paths such as `raw/<source>/<month>/<run>/file.csv`; callers never see which one they talk to.
 */
import type { Readable } from "node:stream";

export type StoredObject = { key: string; bytes: number; modifiedAt: Date };

export interface ObjectStore {
  /** "folder /var/lib/abi/objects" or "s3://bucket/prefix at http://minio:9000", for people. */
  readonly description: string;
  /** Writes the object whole (a reader never sees a partial object). */
  put(key: string, body: Buffer | string | Readable, opts?: { contentType?: string }): Promise<void>;
  /** Copies a local file into the store. */
  putFile(key: string, file: string, opts?: { contentType?: string }): Promise<void>;
  get(key: string): Promise<Buffer>;
  /** Streams the object to a local file (created with its parent folders). */
  getToFile(key: string, file: string): Promise<void>;
  /** Objects under the prefix (recursive), ordered by key. */
  list(prefix: string): Promise<StoredObject[]>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Deletes every object under the prefix; returns how many. */
  deletePrefix(prefix: string): Promise<number>;
}

/** A key that cannot leave the store's root: no "..", no absolute path, no empty segment. */
export function checkObjectKey(key: string): string {
  const k = key.replace(/\\/g, "/");
  if (k === "" || k.startsWith("/") || k.split("/").some((s) => s === "" || s === "." || s === "..")) {
    throw new ObjectKeyError(`"${key}" is not a valid object key (relative path, no "..", no empty part)`);
  }
  return k;
}

export class ObjectKeyError extends Error {
  override name = "ObjectKeyError";
}

/** "" or a prefix ending in "/" (list and deletePrefix accept both "a/b" and "a/b/"). */
export function normalizeObjectPrefix(prefix: string): string {
  const p = prefix.replace(/\\/g, "/").replace(/^\/+/, "");
  if (p === "") return "";
  checkObjectKey(p.replace(/\/+$/, ""));
  return p.endsWith("/") ? p : `${p}/`;
}
