/**
 * The platform's object store: the S3/MinIO bucket the admin configured, else a folder in the
 * data directory (embedded default, so raw archives and backups work with no S3 at all).
 * Today it reads the `S3_*` environment; the storage settings page (issue 12) adds settings kept
 * in PostgreSQL behind this same function.
 */
import path from "node:path";
import type { AbiEnv } from "../runtime/env";
import { localFolderStore } from "./local-folder-store";
import type { ObjectStore } from "./object-store";
import { s3ObjectStore } from "./s3-object-store";

export function platformObjectStoreFromEnv(env: AbiEnv): ObjectStore {
  if (env.S3_BUCKET && env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY) {
    return s3ObjectStore({
      endpoint: env.S3_ENDPOINT,
      region: env.S3_REGION,
      bucket: env.S3_BUCKET,
      prefix: "abi",
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    });
  }
  return localFolderStore(path.join(env.dataDir, "objects"));
}
