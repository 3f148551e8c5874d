import type { Runtime } from "../runtime";
import { findSource } from "./registry";
import { plugins, type PluginId } from "./plugins";
import { decryptSecrets } from "./secrets";
import { testConnection } from "./s3-exports";
import { CostDetailsClient } from "./azure-cost-details";
import { assertEndpointsAllowed, assertStoredSecretsStayHome, SourceSettingsError } from "./source-endpoints";

export type ConnectionCheck = { ok: true; message: string; latencyMs: number } | { ok: false; reason: string; latencyMs: number };

/**
 * "Test connection" for the admin form: S3 lists one object under the prefix, Azure asks Entra ID
 * for a token. Secret fields left empty fall back to the stored ones of `sourceId`, but only while
 * the plugin and its endpoints are the ones they were saved with. Never throws for a failed
 * connection or refused settings; the reason is for a person to read.
 */
export async function testSourceConnection(
  rt: Runtime,
  input: { plugin: PluginId; config: Record<string, unknown>; secrets: Record<string, string>; sourceId?: string },
): Promise<ConnectionCheck> {
  const stored = input.sourceId ? await findSource(rt.db, input.sourceId) : undefined;
  const entered = Object.fromEntries(Object.entries(input.secrets).filter(([, v]) => v));
  const storedSecrets = decryptSecrets(rt.env, stored?.secretCiphertext);
  const secrets = { ...storedSecrets, ...entered };
  const p = plugins[input.plugin];
  const config = p.config.safeParse(input.config);
  if (!config.success) {
    const issue = config.error.issues[0]!;
    return { ok: false, reason: `${issue.path.join(".") || "config"}: ${issue.message}`, latencyMs: 0 };
  }
  try {
    const reused = Object.keys(storedSecrets).filter((k) => storedSecrets[k] && !entered[k]);
    if (stored) assertStoredSecretsStayHome(stored, { plugin: input.plugin, config: config.data as Record<string, unknown> }, reused);
    await assertEndpointsAllowed(input.plugin, config.data as Record<string, unknown>);
  } catch (err) {
    if (err instanceof SourceSettingsError) return { ok: false, reason: err.message, latencyMs: 0 };
    throw err;
  }
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);

  if (input.plugin === "azure-exports-s3") {
    const c = config.data as { endpoint: string; region: string; bucket: string; prefix: string; forcePathStyle: boolean; accessKeyId: string };
    if (!secrets.secretAccessKey) return { ok: false, reason: "Enter the secret access key", latencyMs: 0 };
    const r = await testConnection({ ...c, secretAccessKey: secrets.secretAccessKey });
    return r.ok ? { ok: true, message: r.message, latencyMs: r.latencyMs } : { ok: false, reason: r.reason, latencyMs: r.latencyMs };
  }
  if (input.plugin === "azure-cost-details") {
    const c = config.data as { tenantId: string; clientId: string; authorityHost?: string; resourceManagerEndpoint?: string };
    if (!secrets.clientSecret) return { ok: false, reason: "Enter the client secret", latencyMs: 0 };
    try {
      const client = new CostDetailsClient({ ...c, clientSecret: secrets.clientSecret, backoff: { maxAttempts: 1 } });
      await client.tokens.getToken(AbortSignal.timeout(15_000));
      return { ok: true, message: `Signed in to Entra ID tenant ${c.tenantId} as ${c.clientId}.`, latencyMs: elapsed() };
    } catch (err) {
      return { ok: false, reason: err instanceof Error ? err.message : String(err), latencyMs: elapsed() };
    }
  }
  return { ok: true, message: "File-upload sources have nothing to connect to.", latencyMs: 0 };
}
