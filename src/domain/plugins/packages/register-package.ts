/**
 * Registers a plugin package (an admin's upload or a file in the catalogue folder) WITHOUT
 * installing it: checks the archive and its manifest, stores the .tgz in the platform object
 * store under `plugins/<id>/<version>.tgz` and upserts the version in the registry. The answer says
 * whether this ABI can install it and, if not, why (the same check install applies).
 */
import { and, eq } from "drizzle-orm";
import { pluginVersions, type PluginVersionSource } from "../../db/schema";
import type { Db } from "../../runtime/postgres";
import { recordAudit, type AuditOrigin } from "../../audit/record";
import type { PluginManifest } from "../contract";
import { incompatibility } from "../lifecycle";
import { builtinSourcePlugins } from "../registry";
import { registerPluginVersion } from "../registry-store";
import { manifestOf, PluginPackageError } from "./manifest";
import { inspectPackage } from "./package-archive";
import { packageObjectKey, type PackageHome } from "./package-home";

export type RegisteredPackage = {
  id: string;
  version: string;
  name: string;
  sha256: string;
  compatible: boolean;
  reason?: string;
  manifest: PluginManifest & { changelog: string };
};

export async function registerPluginPackage(
  db: Db,
  home: PackageHome,
  file: string,
  how: { source: Exclude<PluginVersionSource, "builtin">; origin?: AuditOrigin },
): Promise<RegisteredPackage> {
  const inspected = await inspectPackage(file);
  const manifest = manifestOf(inspected.packageJson);
  const changelog = inspected.packageJson.abi.changelog;
  if (builtinSourcePlugins().some((p) => p.manifest.id === manifest.id)) throw new PluginPackageError(`"${manifest.id}" is the id of a built-in plugin; choose another id`);
  const [existing] = await db
    .select({ sha: pluginVersions.packageSha256 })
    .from(pluginVersions)
    .where(and(eq(pluginVersions.pluginId, manifest.id), eq(pluginVersions.version, manifest.version)));
  // A version, once registered, is immutable: the sha256 shown before install is what runs.
  if (existing && existing.sha !== inspected.sha256) {
    throw new PluginPackageError(`${manifest.id} ${manifest.version} is already registered with another package (sha256 ${existing.sha?.slice(0, 12) ?? "none"}…); publish a new version instead`);
  }
  await home.store.putFile(packageObjectKey(manifest.id, manifest.version), file, { contentType: "application/gzip" });
  await registerPluginVersion(db, { kind: "source", manifest }, { source: how.source, packageSha256: inspected.sha256, changelog });
  if (how.origin) await recordAudit(db, { ...how.origin, action: "plugin.package.upload", target: manifest.id, details: { version: manifest.version, sha256: inspected.sha256 } });
  const why = await incompatibility(db, manifest);
  return {
    id: manifest.id,
    version: manifest.version,
    name: manifest.name,
    sha256: inspected.sha256,
    compatible: why === null,
    ...(why ? { reason: why } : {}),
    manifest: { ...manifest, changelog },
  };
}
