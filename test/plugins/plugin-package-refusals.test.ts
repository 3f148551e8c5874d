/**
 * What a plugin package upload refuses, and why (real PGlite + chDB, the real route handler and
 * tar): links, paths that climb out of the package, a built-in's id, a changed package under a
 * registered version, non-admins. An incompatible ABI range or an unmet plugin dependency is
 * registered but answered `compatible: false` with the reason, and install refuses with it. A
 * second machine (another data directory, same object store) gets the package from the store.
 */
import { existsSync, mkdtempSync } from "node:fs";
import { copyFile, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "~/domain/runtime";
import { installPlugin } from "~/domain/plugins/lifecycle";
import { inspectPackage } from "~/domain/plugins/packages/package-archive";
import { packageHomeFromEnv } from "~/domain/plugins/packages/package-home";
import { unpackedVersionDir } from "~/domain/plugins/packages/runtime-packages";
import { syncCatalogue } from "~/domain/plugins/packages/catalogue";
import { listPlugins } from "~/domain/plugins/list-plugins";
import { POST as packagesPost } from "~/app/api/plugins/packages/route";
import { addUser, openIdentityRuntime, sessionCookie } from "../identity/identity-harness";
import { focusHttpV1, focusHttpWith, focusHttpWithSymlink, traversalPackage } from "./support/plugin-package";

let rt: Runtime;
let admin: string;

async function upload(file: string, who = admin) {
  const form = new FormData();
  form.append("package", new Blob([await readFile(file)]), path.basename(file));
  const res = await packagesPost(new Request("http://localhost/api/plugins/packages", { method: "POST", headers: { cookie: who }, body: form }));
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const cookieOf = async (u: { id: string; email: string }) => sessionCookie({ sub: u.id, email: u.email, signedInAt: Date.now() });

beforeAll(async () => {
  rt = await openIdentityRuntime("plugin-refusals");
  admin = await cookieOf(await addUser(rt, "pkg-admin@example.com", "admin"));
}, 120_000);
afterAll(() => rt?.close());

describe("plugin package upload refusals", () => {
  it("a symbolic link inside the package is refused before anything is stored", async () => {
    const { status, body } = await upload(await focusHttpWithSymlink());
    expect(status).toBe(422);
    expect(body.error).toMatch(/holds a link \(package\/passwd\); only files and folders/);
    expect(await packageHomeFromEnv(rt.env).store.list("plugins/")).toEqual([]);
  });

  it("an entry with .. is refused", async () => {
    await expect(inspectPackage(await traversalPackage())).rejects.toThrow(/path with "\.\."/);
  });

  it("a file that is not a tar archive, or a package without manifest, is refused with the reason", async () => {
    const junk = path.join(mkdtempSync(path.join(os.tmpdir(), "abi-junk-")), "junk.tgz");
    await writeFile(junk, "not a tarball at all");
    expect((await upload(junk)).status).toBe(422);
    const noAbi = await focusHttpWith((j) => delete j.abi);
    expect((await upload(noAbi)).body.error).toMatch(/package\.json: abi/);
  });

  it("a built-in's id is refused", async () => {
    const { status, body } = await upload(await focusHttpWith((j) => (j.abi.id = "focus-files")));
    expect(status).toBe(422);
    expect(body.error).toMatch(/id of a built-in plugin/);
  });

  it("an incompatible ABI range is registered with the reason, and install refuses with it", async () => {
    const { status, body } = await upload(await focusHttpWith((j) => ((j.abi.id = "future-http"), (j.abi.api = "^2.0.0"))));
    expect(status).toBe(201);
    expect(body).toMatchObject({ id: "future-http", compatible: false, reason: "future-http 1.0.0 needs plugin API ^2.0.0; this ABI provides 1.0.0" });
    await expect(installPlugin(rt.db, { pluginId: "future-http" }, {})).rejects.toThrow("cannot install: future-http 1.0.0 needs plugin API ^2.0.0; this ABI provides 1.0.0");
  });

  it("an unmet plugin dependency is stated, and install refuses with it", async () => {
    const { body } = await upload(await focusHttpWith((j) => ((j.abi.id = "needs-widgets"), (j.abi.plugins = { widgets: "^3.0.0" }))));
    expect(body).toMatchObject({ compatible: false, reason: "needs-widgets 1.0.0 needs plugin widgets ^3.0.0, which is not installed" });
    await expect(installPlugin(rt.db, { pluginId: "needs-widgets" }, {})).rejects.toThrow(/which is not installed/);
  });

  it("a registered version cannot be replaced by another package", async () => {
    expect((await upload(await focusHttpV1())).status).toBe(201);
    const changed = await focusHttpWith((j) => (j.description = "changed"));
    const { status, body } = await upload(changed);
    expect(status).toBe(422);
    expect(body.error).toMatch(/already registered with another package/);
  });

  it("a viewer and an analyst are refused with 403", async () => {
    const v1 = await focusHttpV1();
    expect((await upload(v1, await cookieOf(await addUser(rt, "pkg-viewer@example.com", "viewer")))).status).toBe(403);
    expect((await upload(v1, await cookieOf(await addUser(rt, "pkg-analyst@example.com", "analyst")))).status).toBe(403);
  });

  it("the catalogue folder's packages are registered as catalogue versions; an unreadable one is skipped", async () => {
    const catalogueDir = mkdtempSync(path.join(os.tmpdir(), "abi-catalogue-"));
    await copyFile(await focusHttpWith((j) => (j.abi.id = "catalogued-http")), path.join(catalogueDir, "catalogued-http-1.0.0.tgz"));
    await writeFile(path.join(catalogueDir, "broken.tgz"), "not a package");
    const registered = await syncCatalogue(rt.db, { ...packageHomeFromEnv(rt.env), catalogueDir });
    expect(registered.map((r) => [r.id, r.version, r.compatible])).toEqual([["catalogued-http", "1.0.0", true]]);
    const listed = (await listPlugins(rt.db)).find((p) => p.id === "catalogued-http");
    expect(listed?.versions.map((v) => [v.version, v.source])).toEqual([["1.0.0", "catalogue"]]);
    expect(listed?.installedVersion).toBeNull();
  });

  it("another machine (its own data directory, the same object store) fetches and checks the package on first use", async () => {
    const home = { ...packageHomeFromEnv(rt.env), dataDir: mkdtempSync(path.join(os.tmpdir(), "abi-worker2-")) };
    const dir = await unpackedVersionDir(rt.db, "focus-http", "1.0.0", home);
    expect(dir).toBe(path.join(home.dataDir, "plugins/installed/focus-http/1.0.0"));
    expect(await readFile(path.join(dir, "index.js"), "utf8")).toBe(await readFile(path.resolve(__dirname, "../../examples/plugins/focus-http/index.js"), "utf8"));
    // A package in the store that is not the registered one is refused.
    const other = mkdtempSync(path.join(os.tmpdir(), "abi-worker3-"));
    await home.store.putFile("plugins/focus-http/1.0.0.tgz", await focusHttpWith((j) => (j.description = "tampered")));
    await expect(unpackedVersionDir(rt.db, "focus-http", "1.0.0", { ...home, dataDir: other })).rejects.toThrow(/does not match its registered sha256/);
    expect(existsSync(path.join(other, "plugins/installed/focus-http/1.0.0"))).toBe(false);
  });
});
