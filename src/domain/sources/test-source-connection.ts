import type { Runtime } from "../runtime";
import type { ConnectionStep } from "../plugins/contract";
import { requireSourcePlugin } from "../plugins/registry";
import { recordPluginHealth } from "../plugins/plugin-health";
import { findSource } from "./registry";
import { decryptSecrets } from "./secrets";
import { assertEndpointsAllowed, assertStoredSecretsStayHome, SourceSettingsError } from "./source-endpoints";

/** The outcome and, once the plugin was asked, each step it took (e.g. "sign in to Entra ID"). */
export type ConnectionCheck =
  | { ok: true; message: string; latencyMs: number; steps: ConnectionStep[] }
  | { ok: false; reason: string; latencyMs: number; steps?: ConnectionStep[] };

/** Settings refused before any request: no step was taken. */
const refused = (reason: string): ConnectionCheck => ({ ok: false, reason, latencyMs: 0 });

/**
 * "Test connection" for the admin form: the plugin's `testConnection` steps (S3 lists one object
 * under the prefix, Azure asks Entra ID for a token). Secret fields left empty fall back to the
 * stored ones of `sourceId`, but only while the plugin and its endpoints are the ones they were
 * saved with. Never throws for a failed connection or refused settings; the reason is for a person
 * to read.
 */
export async function testSourceConnection(
  rt: Runtime,
  input: { plugin: string; config: Record<string, unknown>; secrets: Record<string, string>; sourceId?: string },
): Promise<ConnectionCheck> {
  const plugin = requireSourcePlugin(input.plugin);
  const stored = input.sourceId ? await findSource(rt.db, input.sourceId) : undefined;
  const entered = Object.fromEntries(Object.entries(input.secrets).filter(([, v]) => v));
  const storedSecrets = decryptSecrets(rt.env, stored?.secretCiphertext);
  const secrets = { ...storedSecrets, ...entered };
  const config = plugin.configSchema.safeParse(input.config);
  if (!config.success) {
    const issue = config.error.issues[0]!;
    return refused(`${issue.path.join(".") || "config"}: ${issue.message}`);
  }
  try {
    const reused = Object.keys(storedSecrets).filter((k) => storedSecrets[k] && !entered[k]);
    if (stored) assertStoredSecretsStayHome(stored, { plugin: input.plugin, config: config.data }, reused);
    await assertEndpointsAllowed(input.plugin, config.data);
  } catch (err) {
    if (err instanceof SourceSettingsError) return refused(err.message);
    throw err;
  }
  const steps = await plugin.testConnection(config.data, secrets);
  // The installation's "last test" on the installed-plugins dashboard.
  await recordPluginHealth(rt.db, input.plugin, steps);
  const latencyMs = steps.reduce((sum, s) => sum + s.latencyMs, 0);
  const failed = steps.find((s) => !s.ok);
  if (failed) return { ok: false, reason: failed.message, latencyMs, steps };
  return { ok: true, message: steps.at(-1)?.message ?? "Connected.", latencyMs, steps };
}
