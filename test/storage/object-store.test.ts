/** Both object stores behave the same: a folder in the data directory and a real S3 server (rclone). */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localFolderStore } from "~/domain/storage/local-folder-store";
import type { ObjectStore } from "~/domain/storage/object-store";
import { s3ObjectStore } from "~/domain/storage/s3-object-store";
import { startS3Server, type S3TestServer } from "../support/s3-server";

let tmp: string;
let s3: S3TestServer;
const stores: Record<string, () => ObjectStore> = {};

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "abi-objstore-"));
  s3 = await startS3Server({ buckets: ["abi-platform"] });
  stores.folder = () => localFolderStore(path.join(tmp, "objects"));
  stores.s3 = () =>
    s3ObjectStore({ endpoint: s3.endpoint, region: s3.region, bucket: "abi-platform", prefix: "abi", accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey });
}, 60_000);

afterAll(async () => {
  await s3?.stop();
  await rm(tmp, { recursive: true, force: true });
});

describe.each(["folder", "s3"])("%s object store", (kind) => {
  it("puts, lists, reads back, and deletes objects by key and by prefix", async () => {
    const store = stores[kind]!();
    await store.put("raw/src-a/2026-01/run-1/a.csv", "x,y\n1,2\n");
    await store.put("raw/src-a/2026-01/run-1/b.csv", Buffer.from("hello"));
    await store.put("raw/src-a/2026-02/run-2/c.csv", Readable.from(["stream", "ed"]));
    const src = path.join(tmp, `${kind}-local.bin`);
    await writeFile(src, Buffer.alloc(3000, 7));
    await store.putFile("backups/b1/data.bin", src);

    const listed = await store.list("raw/src-a");
    expect(listed.map((o) => [o.key, o.bytes])).toEqual([
      ["raw/src-a/2026-01/run-1/a.csv", 8],
      ["raw/src-a/2026-01/run-1/b.csv", 5],
      ["raw/src-a/2026-02/run-2/c.csv", 8],
    ]);
    expect((await store.get("raw/src-a/2026-02/run-2/c.csv")).toString()).toBe("streamed");
    const back = path.join(tmp, `${kind}-back`, "data.bin");
    await store.getToFile("backups/b1/data.bin", back);
    expect((await readFile(back)).equals(Buffer.alloc(3000, 7))).toBe(true);

    expect(await store.exists("raw/src-a/2026-01/run-1/a.csv")).toBe(true);
    expect(await store.exists("raw/src-a/nope.csv")).toBe(false);
    await store.delete("raw/src-a/2026-01/run-1/a.csv");
    expect(await store.exists("raw/src-a/2026-01/run-1/a.csv")).toBe(false);
    expect(await store.deletePrefix("raw/src-a/")).toBe(2);
    expect(await store.list("raw")).toEqual([]);
    expect((await store.list("")).map((o) => o.key)).toEqual(["backups/b1/data.bin"]);
  }, 60_000);

  it("refuses keys that would leave its root", async () => {
    const store = stores[kind]!();
    for (const bad of ["../etc/passwd", "/abs", "a//b", "a/./b", ""]) {
      await expect(store.put(bad, "x")).rejects.toThrow(/not a valid object key/);
    }
  });
});
