/** The embedded default object store: plain files under one folder of the data directory. */
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { randomUUID } from "node:crypto";
import { checkObjectKey, normalizeObjectPrefix, type ObjectStore, type StoredObject } from "./object-store";

export function localFolderStore(root: string): ObjectStore {
  const abs = path.resolve(root);
  const fileOf = (key: string) => path.join(abs, ...checkObjectKey(key).split("/"));

  /** Write to a temp name beside the target, then rename: readers never see half a file. */
  async function writeAtomically(key: string, write: (tmp: string) => Promise<void>) {
    const target = fileOf(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomUUID()}.partial`;
    try {
      await write(tmp);
      await fs.rename(tmp, target);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
  }

  async function walk(dir: string, out: StoredObject[]) {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
      throw err;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full, out);
      else if (e.isFile() && !e.name.endsWith(".partial")) {
        const st = await fs.stat(full);
        out.push({ key: path.relative(abs, full).split(path.sep).join("/"), bytes: st.size, modifiedAt: st.mtime });
      }
    }
  }

  const store: ObjectStore = {
    description: `folder ${abs}`,
    async put(key, body) {
      await writeAtomically(key, async (tmp) => {
        if (typeof body === "string" || Buffer.isBuffer(body)) await fs.writeFile(tmp, body);
        else await pipeline(body as Readable, createWriteStream(tmp));
      });
    },
    async putFile(key, file) {
      await writeAtomically(key, (tmp) => fs.copyFile(file, tmp));
    },
    get: (key) => fs.readFile(fileOf(key)),
    async getToFile(key, file) {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await pipeline(createReadStream(fileOf(key)), createWriteStream(file));
    },
    async list(prefix) {
      const p = normalizeObjectPrefix(prefix);
      const out: StoredObject[] = [];
      await walk(p === "" ? abs : path.join(abs, ...p.slice(0, -1).split("/")), out);
      return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    async exists(key) {
      try {
        return (await fs.stat(fileOf(key))).isFile();
      } catch {
        return false;
      }
    },
    async delete(key) {
      await fs.rm(fileOf(key), { force: true });
    },
    async deletePrefix(prefix) {
      const objects = await store.list(prefix);
      for (const o of objects) await fs.rm(fileOf(o.key), { force: true });
      return objects.length;
    },
  };
  return store;
}
