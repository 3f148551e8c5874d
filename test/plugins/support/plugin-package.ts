/**
 * Builds plugin packages the way a third party would: the example folder copied under `package/`
 * and packed with tar into a .tgz (what `npm pack` makes). `focusHttpV2` derives version 2.0.0 of
 * the example: its config field `pathTemplate` is renamed `monthPath`, and its migrateConfig
 * moves a 1.x config over.
 */
import { cp, mkdtemp, readFile, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { create } from "tar";

export const FOCUS_HTTP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../examples/plugins/focus-http");

export async function packFolder(folder: string, edit?: (dir: string) => Promise<void>): Promise<string> {
  const work = await mkdtemp(path.join(os.tmpdir(), "abi-pack-"));
  await cp(folder, path.join(work, "package"), { recursive: true });
  await edit?.(path.join(work, "package"));
  const pkg = JSON.parse(await readFile(path.join(work, "package", "package.json"), "utf8")) as { name: string; version: string };
  const file = path.join(work, `${pkg.name}-${pkg.version}.tgz`);
  await create({ file, gzip: true, cwd: work }, ["package"]);
  return file;
}

async function editJson(file: string, change: (j: Record<string, any>) => void) {
  const j = JSON.parse(await readFile(file, "utf8"));
  change(j);
  await writeFile(file, JSON.stringify(j, null, 2));
}

export const focusHttpV1 = () => packFolder(FOCUS_HTTP_DIR);

export const focusHttpV2 = () =>
  packFolder(FOCUS_HTTP_DIR, async (dir) => {
    await editJson(path.join(dir, "package.json"), (j) => {
      j.version = "2.0.0";
      j.abi.changelog = "2.0.0: pathTemplate is now monthPath (configs are migrated).";
    });
    const src = (await readFile(path.join(dir, "index.js"), "utf8")).replaceAll("pathTemplate", "monthPath");
    const migrated = src.replace(
      "migrateConfig: (_fromVersion, config) => config,",
      'migrateConfig: (from, config) => (from.startsWith("1.") ? { baseUrl: config.baseUrl, monthPath: config.pathTemplate } : config),',
    );
    if (migrated === src) throw new Error("the example's migrateConfig line changed; update focusHttpV2");
    await writeFile(path.join(dir, "index.js"), migrated);
  });

/** A variant of the example with package.json changed (ids, ranges, dependencies). */
export const focusHttpWith = (change: (j: Record<string, any>) => void) => packFolder(FOCUS_HTTP_DIR, (dir) => editJson(path.join(dir, "package.json"), change));

/** The example plus a symbolic link inside the package. */
export const focusHttpWithSymlink = () => packFolder(FOCUS_HTTP_DIR, (dir) => symlink("/etc/passwd", path.join(dir, "passwd")));

/** A hand-made archive with an entry that climbs out of package/. */
export async function traversalPackage(): Promise<string> {
  const work = await mkdtemp(path.join(os.tmpdir(), "abi-pack-evil-"));
  await cp(FOCUS_HTTP_DIR, path.join(work, "inner", "package"), { recursive: true });
  await writeFile(path.join(work, "evil.js"), "export default 1;");
  const file = path.join(work, "evil.tgz");
  // Entries "package/…" plus "package/../evil.js" (preservePaths keeps the "..").
  await create({ file, gzip: true, cwd: path.join(work, "inner"), preservePaths: true }, ["package", "package/../../evil.js"]);
  return file;
}
