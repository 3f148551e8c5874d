import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * The local bridge's address book, in the data directory: a secret only processes that can read
 * the directory know, and the loopback port the app's bridge listens on. With both the CLI hands
 * work to the app that owns the embedded stores.
 */
/** The bridge listens here only: its commands read and write files. */
export const LOCAL_BRIDGE_HOST = "127.0.0.1";

const tokenFile = (dataDir: string) => path.join(dataDir, "local-token");
const portFile = (dataDir: string) => path.join(dataDir, "local-bridge-port");

export function ensureLocalToken(dataDir: string): string {
  fs.mkdirSync(dataDir, { recursive: true });
  const token = crypto.randomBytes(32).toString("hex");
  fs.writeFileSync(tokenFile(dataDir), token, { mode: 0o600 });
  return token;
}

export function readLocalToken(dataDir: string): string | undefined {
  try {
    return fs.readFileSync(tokenFile(dataDir), "utf8").trim();
  } catch {
    return undefined;
  }
}

export function localTokenMatches(dataDir: string, presented: string | null | undefined): boolean {
  const expected = readLocalToken(dataDir);
  if (!expected || !presented) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

export function writeLocalBridgePort(dataDir: string, port: number): void {
  fs.writeFileSync(portFile(dataDir), String(port), { mode: 0o600 });
}

export function readLocalBridgePort(dataDir: string): number | undefined {
  try {
    const port = Number(fs.readFileSync(portFile(dataDir), "utf8").trim());
    return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
  } catch {
    return undefined;
  }
}

export function removeLocalBridgeFiles(dataDir: string): void {
  fs.rmSync(portFile(dataDir), { force: true });
  fs.rmSync(tokenFile(dataDir), { force: true });
}
