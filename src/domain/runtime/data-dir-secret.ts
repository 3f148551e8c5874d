import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** A random secret generated once into the data directory (embedded installs only), mode 0600. */
export function dataDirSecret(dataDir: string, fileName: string): string {
  const file = path.join(dataDir, fileName);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, crypto.randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err; // another process won the race
    }
  }
  return fs.readFileSync(file, "utf8").trim();
}
