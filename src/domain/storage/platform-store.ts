/**
 * The platform's object store: the S3/MinIO bucket of the `S3_*` environment, else the one an
 * admin saved on /infrastructure/storage, else a folder in the data directory (embedded default,
 * so raw archives and backups work with no S3 at all). Backups, reports and plugin packages all
 * call `platformObjectStore(rt)`.
 */
import path from "node:path";
import type { AbiEnv } from "../runtime/env";
import type { Db } from "../runtime/postgres";
import { localFolderStore } from "./local-folder-store";
import type { ObjectStore } from "./object-store";
import { s3ObjectStore } from "./s3-object-store";
import { effectiveStorageSettings, envStorageSettings } from "./storage-settings";

export const objectsFolder = (env: AbiEnv) => path.join(env.dataDir, "objects");

/** Environment → stored settings → `<dataDir>/objects`. */
export async function platformObjectStore(rt: { env: AbiEnv; db: Db }): Promise<ObjectStore> {
  const s = await effectiveStorageSettings(rt);
  return s ? s3ObjectStore(s) : localFolderStore(objectsFolder(rt.env));
}

/** The environment-only choice, for code with no registry at hand (the CLI before the database opens). */
export function platformObjectStoreFromEnv(env: AbiEnv): ObjectStore {
  const s = envStorageSettings(env);
  return s ? s3ObjectStore(s) : localFolderStore(objectsFolder(env));
}
