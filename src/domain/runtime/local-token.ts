import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * A secret only processes that can read the data directory know: it lets the CLI hand work to
 * the app that owns the embedded stores, over the app's loopback HTTP port.
 */
const tokenFile = (dataDir: string) => path.join(dataDir, "local-token");

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

export function localTokenMatches(dataDir: string, presented: string | null): boolean {
  const expected = readLocalToken(dataDir);
  if (!expected || !presented) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
