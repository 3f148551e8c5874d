import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { EnvError, type AbiEnv } from "~/domain/runtime/env";

/** Server mode must be given a secret; an embedded install keeps a generated one in its data directory. */
export function resolveAuthSecret(e: AbiEnv): string {
  if (e.NEXTAUTH_SECRET) return e.NEXTAUTH_SECRET;
  if (e.postgresMode === "server") throw new EnvError("NEXTAUTH_SECRET", "required in server mode (generate one with: openssl rand -base64 32)");
  const file = path.join(e.dataDir, "auth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(e.dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, crypto.randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  return fs.readFileSync(file, "utf8").trim();
}
