import crypto from "node:crypto";
import type { AbiEnv } from "../runtime/env";
import { EnvError } from "../runtime/env";
import { dataDirSecret } from "../runtime/data-dir-secret";

/**
 * Data-source secrets are stored as AES-256-GCM envelopes. The key comes from ABI_SECRET_KEY
 * (server mode must set it: every app and worker needs the same key) or, embedded, from a key
 * file generated in the data directory.
 */
function secretKey(e: AbiEnv): Buffer {
  if (e.ABI_SECRET_KEY) return crypto.createHash("sha256").update(e.ABI_SECRET_KEY).digest();
  if (e.postgresMode === "server") throw new EnvError("ABI_SECRET_KEY", "required in server mode to encrypt data-source secrets (openssl rand -base64 32)");
  return crypto.createHash("sha256").update(dataDirSecret(e.dataDir, "secret-key")).digest();
}

export function encryptSecrets(e: AbiEnv, secrets: Record<string, string>): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", secretKey(e), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(secrets), "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64")).join(".");
}

export function decryptSecrets(e: AbiEnv, envelope: string | null | undefined): Record<string, string> {
  if (!envelope) return {};
  const [iv, tag, body] = envelope.split(".").map((p) => Buffer.from(p, "base64"));
  if (!iv || !tag || !body) throw new Error("stored data-source secret is malformed");
  const decipher = crypto.createDecipheriv("aes-256-gcm", secretKey(e), iv);
  decipher.setAuthTag(tag);
  try {
    return JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8")) as Record<string, string>;
  } catch {
    throw new Error("cannot decrypt data-source secrets: ABI_SECRET_KEY differs from the key they were saved with");
  }
}
