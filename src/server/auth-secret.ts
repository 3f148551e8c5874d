import { EnvError, type AbiEnv } from "~/domain/runtime/env";
import { dataDirSecret } from "~/domain/runtime/data-dir-secret";

/** Server mode must be given a secret; an embedded install keeps a generated one in its data directory. */
export function resolveAuthSecret(e: AbiEnv): string {
  if (e.NEXTAUTH_SECRET) return e.NEXTAUTH_SECRET;
  if (e.postgresMode === "server") throw new EnvError("NEXTAUTH_SECRET", "required in server mode (generate one with: openssl rand -base64 32)");
  return dataDirSecret(e.dataDir, "auth-secret");
}
