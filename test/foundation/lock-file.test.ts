import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/**
 * Finding 14: CI must fail when `npm install` rewrites package-lock.json. The check
 * (scripts/npm-install-checked.sh, run by scripts/provision.sh) is run here on a copy of
 * package.json with the committed lock (in step: passes, lock untouched) and with the lock of
 * commit 5b8fc6e (playwright-core still a dev dependency there: the install rewrites it, so the
 * check fails with the fix in its message). --package-lock-only: no node_modules, a few seconds.
 */
const script = path.resolve("scripts/npm-install-checked.sh");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function runCheck(lock: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-lock-"));
  dirs.push(dir);
  fs.copyFileSync("package.json", path.join(dir, "package.json"));
  fs.writeFileSync(path.join(dir, "package-lock.json"), lock);
  const result = spawnSync("bash", [script, "--package-lock-only", "--ignore-scripts"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
  return { status: result.status, stderr: result.stderr, lockAfter: fs.readFileSync(path.join(dir, "package-lock.json"), "utf8") };
}

describe("lock file check", () => {
  it("passes and leaves the committed lock untouched", () => {
    const lock = fs.readFileSync("package-lock.json", "utf8");
    const { status, stderr, lockAfter } = runCheck(lock);
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(lockAfter).toBe(lock);
  }, 60_000);

  it("fails with the fix when the install rewrites an out-of-step lock (the lock of 5b8fc6e)", () => {
    const oldLock = execFileSync("git", ["show", "5b8fc6e:package-lock.json"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const { status, stderr, lockAfter } = runCheck(oldLock);
    expect(lockAfter).not.toBe(oldLock);
    expect(status).toBe(1);
    expect(stderr).toContain("npm install changed package-lock.json");
    expect(stderr).toContain("commit");
  }, 60_000);
});
