import fs from "node:fs";
import path from "node:path";

export type LockInfo = { pid: number; startedAt: string; appUrl?: string };

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockInfo,
  ) {
    super(
      `data directory ${dataDir} is in use by process ${holder.pid}` +
        (holder.appUrl ? ` (the ABI app at ${holder.appUrl})` : "") +
        "; stop that process or point ABI_DATA_DIR at another directory",
    );
    this.name = "DataDirInUseError";
  }
}

const lockPath = (dataDir: string) => path.join(dataDir, "abi.lock");

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function readLock(dataDir: string): LockInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(lockPath(dataDir), "utf8")) as LockInfo;
    return isAlive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

/**
 * chDB and PGlite allow one owner process per directory; a second one would fail deep in
 * native code (chDB) or silently diverge (PGlite), so we claim the directory first.
 */
export function acquireDataDirLock(dataDir: string, info: Omit<LockInfo, "pid" | "startedAt"> = {}): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockPath(dataDir);
  const mine: LockInfo = { pid: process.pid, startedAt: new Date().toISOString(), ...info };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: "wx" });
      process.once("exit", () => releaseDataDirLock(dataDir));
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = readLock(dataDir);
      if (holder?.pid === process.pid) return;
      if (holder) throw new DataDirInUseError(dataDir, holder);
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`could not lock data directory ${dataDir}`);
}

export function releaseDataDirLock(dataDir: string): void {
  try {
    const info = JSON.parse(fs.readFileSync(lockPath(dataDir), "utf8")) as LockInfo;
    if (info.pid === process.pid) fs.rmSync(lockPath(dataDir), { force: true });
  } catch {
    // already gone
  }
}
