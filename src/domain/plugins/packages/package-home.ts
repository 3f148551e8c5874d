/**
 * Where plugin packages live: the uploaded or catalogued .tgz in the platform object store under
 * `plugins/<id>/<version>.tgz` (S3 in server mode, so every worker can fetch it), unpacked under
 * `<dataDir>/plugins/installed/<id>/<version>/` on the machine that runs it.
 */
import path from "node:path";
import type { AbiEnv } from "../../runtime/env";
import { platformObjectStoreFromEnv } from "../../storage/platform-store";
import type { ObjectStore } from "../../storage/object-store";

export type PackageHome = { dataDir: string; store: ObjectStore; catalogueDir: string };

export function packageHomeFromEnv(env: AbiEnv): PackageHome {
  return {
    dataDir: env.dataDir,
    store: platformObjectStoreFromEnv(env),
    catalogueDir: env.ABI_PLUGIN_CATALOGUE_DIR ? path.resolve(env.ABI_PLUGIN_CATALOGUE_DIR) : path.join(env.dataDir, "plugins", "catalogue"),
  };
}

export const packageObjectKey = (id: string, version: string) => `plugins/${id}/${version}.tgz`;

export const installedPackageDir = (dataDir: string, id: string, version: string) => path.join(dataDir, "plugins", "installed", id, version);
