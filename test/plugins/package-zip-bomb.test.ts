import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspectPackage } from "~/domain/plugins/packages/package-archive";

/**
 * Security review 2 (docs/security-review-2.md, S6): a small .tgz whose gzip stream inflates to far
 * more than the unpack limit (a valid package followed by 200 MB of compressed zeros, ~200 KB on
 * the wire) is refused quickly; before, tar inflated it all (a 4 MB upload kept it busy > 5 min).
 */
let dir = "";
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-zip-bomb-"));
  fs.mkdirSync(path.join(dir, "package"));
  const manifest = { name: "bomb", version: "1.0.0", type: "module", main: "index.js", abi: { id: "bomb", kind: "source", name: "Bomb", publisher: "x", category: "files", api: "^1.0.0" } };
  fs.writeFileSync(path.join(dir, "package", "package.json"), JSON.stringify(manifest));
  fs.writeFileSync(path.join(dir, "package", "index.js"), "export default {};\n");
  execFileSync("sh", ["-c", "(tar cf - package; head -c 209715200 /dev/zero) | gzip -1 > bomb.tgz"], { cwd: dir });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("plugin package inflation limit", () => {
  it("refuses a package whose gzip stream inflates past the unpack limit, within seconds", async () => {
    expect(fs.statSync(path.join(dir, "bomb.tgz")).size).toBeLessThan(2 * 1024 * 1024);
    const started = Date.now();
    await expect(inspectPackage(path.join(dir, "bomb.tgz"))).rejects.toThrow(/unpacks to more than 50 MB/);
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 60_000);
});
