/**
 * Where a backup goes or comes from: the platform object store (`backups/<id>/`, the default), a
 * local folder (`--to DIR`), or an S3 prefix (`s3://bucket/prefix`, credentials from the S3_*
 * variables). Each is an ObjectStore plus the key prefix of the backup inside it.
 */
import fs from "node:fs";
import path from "node:path";
import type { AbiEnv } from "../runtime/env";
import type { ObjectStore } from "../storage/object-store";
import { localFolderStore } from "../storage/local-folder-store";
import { s3ObjectStore } from "../storage/s3-object-store";
import { platformObjectStoreFromEnv } from "../storage/platform-store";
import { BackupError } from "./manifest";

export type BackupPlace = { store: ObjectStore; /** "" or ending in "/" */ prefix: string; /** for people and `abi restore` */ location: string };

export const PLATFORM_BACKUP_PREFIX = "backups/";

function s3Place(env: AbiEnv, url: string): BackupPlace {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (!m) throw new BackupError(`${url} is not an s3://bucket/prefix location`);
  if (!env.S3_ACCESS_KEY_ID || !env.S3_SECRET_ACCESS_KEY) throw new BackupError(`${url} needs S3 credentials: set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (and S3_ENDPOINT for MinIO)`);
  const bucket = m[1]!;
  const prefix = m[2]!.replace(/\/+$/, "");
  const store = s3ObjectStore({ endpoint: env.S3_ENDPOINT, region: env.S3_REGION, bucket, prefix, accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY });
  return { store, prefix: "", location: `s3://${bucket}${prefix ? `/${prefix}` : ""}` };
}

/** A folder or an s3:// URL that backups are written into (each backup in its own `<id>/`). */
export function backupTarget(env: AbiEnv, to: string | undefined, platform: ObjectStore = platformObjectStoreFromEnv(env)): BackupPlace {
  if (!to) return { store: platform, prefix: PLATFORM_BACKUP_PREFIX, location: platformLocation(env, platform) };
  if (to.startsWith("s3://")) return s3Place(env, to);
  const dir = path.resolve(to);
  return { store: localFolderStore(dir), prefix: "", location: dir };
}

/** How the platform store's backups folder reads for people: a path or an s3:// URL. */
function platformLocation(env: AbiEnv, platform: ObjectStore): string {
  const folder = /^folder (.+)$/.exec(platform.description);
  if (folder) return path.join(folder[1]!, "backups");
  const bucket = /^(s3:\/\/\S+?)\/?(?: at |$)/.exec(platform.description);
  if (bucket) return `${bucket[1]}/backups`;
  return `${platform.description} backups`;
}

export function joinLocation(base: string, id: string): string {
  return base.startsWith("s3://") ? `${base.replace(/\/+$/, "")}/${id}` : path.join(base, id);
}

/**
 * The backup at a location: its folder (holding manifest.json), an s3:// URL of it, or a bare
 * backup id in the platform store.
 */
export function backupSource(env: AbiEnv, location: string, platform: ObjectStore = platformObjectStoreFromEnv(env)): BackupPlace {
  if (/^[A-Za-z0-9][A-Za-z0-9T._-]*$/.test(location) && !location.includes("..") && !location.startsWith(".")) {
    // A bare id names a backup in the platform store unless a folder by that name exists here.
    const local = path.resolve(location);
    if (!fs.existsSync(local)) {
      return { store: platform, prefix: `${PLATFORM_BACKUP_PREFIX}${location}/`, location: joinLocation(platformLocation(env, platform), location) };
    }
  }
  if (location.startsWith("s3://")) {
    const place = s3Place(env, location);
    return { ...place, location };
  }
  const dir = path.resolve(location);
  return { store: localFolderStore(dir), prefix: "", location: dir };
}
