/**
 * Reading and unpacking a plugin package (.tgz as `npm pack` makes it: every entry under
 * `package/`). An archive is refused before anything is written when it holds a link, a device,
 * an absolute path or "..", an entry outside `package/`, too many entries or too many bytes
 * unpacked; its package.json must carry a valid manifest.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { list, extract } from "tar";
import { parsePackageJson, PluginPackageError, type PluginPackageJson } from "./manifest";

export const PACKAGE_LIMITS = { maxEntries: 2_000, maxUnpackedBytes: 50 * 1024 * 1024, maxPackageJsonBytes: 256 * 1024 };

export type InspectedPackage = { sha256: string; bytes: number; packageJson: PluginPackageJson; entryFiles: string[] };

async function sha256Of(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

/** `package/a/b.js` → `a/b.js`; refuses what could land outside the unpack folder. */
function innerPath(raw: string): string {
  const p = raw.replace(/\\/g, "/");
  if (p.startsWith("/") || /^[A-Za-z]:/.test(p)) throw new PluginPackageError(`the archive holds an absolute path (${p}); refused`);
  const parts = p.split("/").filter((s) => s !== "" && s !== ".");
  if (parts.includes("..")) throw new PluginPackageError(`the archive holds a path with ".." (${p}); refused`);
  if (parts[0] !== "package") throw new PluginPackageError(`every file must be under package/ (as npm pack makes it); found ${p}`);
  return parts.slice(1).join("/");
}

/**
 * False when the gzip stream inflates past `cap` bytes. tar reads a whole archive, padding and
 * trailing zeros included, so a small upload of compressed zeros (a zip bomb) would keep the server
 * inflating for minutes before any entry limit is reached; this stops at the cap.
 */
async function inflatesWithin(file: string, cap: number): Promise<boolean> {
  const gunzip = createGunzip();
  let n = 0;
  try {
    for await (const chunk of createReadStream(file).pipe(gunzip)) {
      n += (chunk as Buffer).length;
      if (n > cap) return false;
    }
  } catch {
    // not gzip (or damaged): tar's own reading below says so
  } finally {
    gunzip.destroy();
  }
  return true;
}

/** Checks every entry and reads the manifest, without writing anything. */
export async function inspectPackage(file: string): Promise<InspectedPackage> {
  const { sha256, bytes } = await sha256Of(file);
  // Headers and 512-byte padding of every entry, plus the end blocks, on top of the file bytes.
  if (!(await inflatesWithin(file, PACKAGE_LIMITS.maxUnpackedBytes + (PACKAGE_LIMITS.maxEntries + 4) * 1536 + 20 * 512))) {
    throw new PluginPackageError(`the archive unpacks to more than ${PACKAGE_LIMITS.maxUnpackedBytes / 1024 / 1024} MB`);
  }
  let count = 0;
  let unpacked = 0;
  let packageJsonText: string | null = null;
  let refusal: PluginPackageError | undefined;
  const files: string[] = [];
  const reading: Promise<void>[] = [];
  // tar calls this for each entry; a refusal is kept and thrown once the listing ends.
  const check = (entry: { path: string; type: string; size: number; on(ev: string, f: (c?: Buffer) => void): unknown }) => {
    if (++count > PACKAGE_LIMITS.maxEntries) throw new PluginPackageError(`the archive holds more than ${PACKAGE_LIMITS.maxEntries} entries`);
    const inner = innerPath(entry.path);
    if (entry.type !== "File" && entry.type !== "OldFile" && entry.type !== "Directory") {
      throw new PluginPackageError(`the archive holds a ${entry.type === "SymbolicLink" || entry.type === "Link" ? "link" : entry.type} (${entry.path}); only files and folders are allowed`);
    }
    unpacked += entry.size;
    if (unpacked > PACKAGE_LIMITS.maxUnpackedBytes) throw new PluginPackageError(`the archive unpacks to more than ${PACKAGE_LIMITS.maxUnpackedBytes / 1024 / 1024} MB`);
    if (entry.type === "Directory") return;
    files.push(inner);
    if (inner === "package.json") {
      if (entry.size > PACKAGE_LIMITS.maxPackageJsonBytes) throw new PluginPackageError("package.json is too large");
      const parts: Buffer[] = [];
      entry.on("data", (c) => parts.push(c!));
      reading.push(new Promise((resolve) => entry.on("end", () => resolve(void (packageJsonText = Buffer.concat(parts).toString("utf8"))))));
    }
  };
  try {
    await list({
      file,
      strict: true,
      onReadEntry: (entry) => {
        if (refusal) return;
        try {
          check(entry as never);
        } catch (err) {
          refusal = err instanceof PluginPackageError ? err : new PluginPackageError(String(err));
        }
      },
    });
    await Promise.all(reading);
  } catch (err) {
    throw new PluginPackageError(`not a readable .tgz package: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (refusal) throw refusal;
  if (packageJsonText === null) throw new PluginPackageError("the archive has no package/package.json");
  let raw: unknown;
  try {
    raw = JSON.parse(packageJsonText);
  } catch {
    throw new PluginPackageError("package.json is not valid JSON");
  }
  const packageJson = parsePackageJson(raw);
  const main = packageJson.main.replace(/^\.\//, "");
  if (!files.includes(main)) throw new PluginPackageError(`the entry ${main} named by package.json "main" is not in the archive`);
  return { sha256, bytes, packageJson, entryFiles: files };
}

/** Unpacks a package (inspected first) into `dir`, through a temporary folder renamed at the end. */
export async function unpackPackage(file: string, dir: string): Promise<InspectedPackage> {
  const inspected = await inspectPackage(file);
  const tmp = `${dir}.partial-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  try {
    await extract({ file, cwd: tmp, strip: 1, filter: (_p, e) => "type" in e && (e.type === "File" || e.type === "OldFile" || e.type === "Directory") });
    await rm(dir, { recursive: true, force: true });
    await mkdir(path.dirname(dir), { recursive: true });
    await rename(tmp, dir);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  return inspected;
}
