import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirInUseError, readLock, releaseDataDirLock } from "~/domain/runtime/data-dir-lock";

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "abi-lock-"));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => releaseDataDirLock(d)));

/** A separate process that takes the lock and waits until its stdin closes. */
function holdLockInChild(dir: string) {
  const code = `
    import { acquireDataDirLock } from ${JSON.stringify(path.resolve("src/domain/runtime/data-dir-lock.ts"))};
    acquireDataDirLock(${JSON.stringify(dir)}, { appUrl: "http://localhost:9999" });
    console.log("locked");
    process.stdin.resume(); process.stdin.on("end", () => process.exit(0));`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { stdio: ["pipe", "pipe", "inherit"] });
  const ready = new Promise<void>((resolve) => child.stdout.on("data", (d) => String(d).includes("locked") && resolve()));
  return { child, ready };
}

describe("data directory lock", () => {
  it("refuses a second process with the holder's pid in the message", async () => {
    const dir = tmp();
    const { child, ready } = holdLockInChild(dir);
    await ready;
    try {
      expect(() => acquireDataDirLock(dir)).toThrowError(DataDirInUseError);
      expect(() => acquireDataDirLock(dir)).toThrowError(`data directory ${dir} is in use by process ${child.pid}`);
      expect(readLock(dir)?.appUrl).toBe("http://localhost:9999");
    } finally {
      child.stdin.end();
      await new Promise((r) => child.once("exit", r));
    }
  });

  it("takes over a lock whose process is gone", async () => {
    const dir = tmp();
    const { child, ready } = holdLockInChild(dir);
    await ready;
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    expect(fs.existsSync(path.join(dir, "abi.lock"))).toBe(true);
    acquireDataDirLock(dir);
    expect(readLock(dir)?.pid).toBe(process.pid);
  });

  it("is re-entrant for its own process and released on request", () => {
    const dir = tmp();
    acquireDataDirLock(dir);
    acquireDataDirLock(dir);
    releaseDataDirLock(dir);
    expect(readLock(dir)).toBeUndefined();
  });
});
