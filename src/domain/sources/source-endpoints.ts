/**
 * The hosts a source's settings send requests (and its stored secret) to, and the two rules on
 * them: the hosts must pass the URL policy, and a stored secret only ever goes to the hosts it was
 * saved for (changing a host means entering the secret again).
 */
import { AZURE_PUBLIC_ARM, AZURE_PUBLIC_AUTHORITY } from "./azure-cost-details/config";
import { checkAzureUrl, checkS3Endpoint, UrlRefusedError } from "./shared/url-policy";
import type { PluginId } from "./plugins";

/** A source setting refused for a reason the admin can fix (the API answers BAD_REQUEST). */
export class SourceSettingsError extends Error {
  override name = "SourceSettingsError";
}

type Config = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

/** Comparable form of an endpoint: scheme, lower-case host, explicit port, path without trailing slash. */
function normalized(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.hostname}:${u.port || (u.protocol === "https:" ? "443" : "80")}${u.pathname.replace(/\/+$/, "")}`;
  } catch {
    return raw;
  }
}

const ENDPOINT_FIELDS: Partial<Record<PluginId, { fields: string; secret: string; of: (c: Config) => string[] }>> = {
  "azure-cost-details": {
    fields: "Entra ID authority host or Resource Manager endpoint",
    secret: "client secret",
    of: (c) => [str(c.authorityHost) ?? AZURE_PUBLIC_AUTHORITY, str(c.resourceManagerEndpoint) ?? AZURE_PUBLIC_ARM],
  },
  "azure-exports-s3": { fields: "S3 endpoint", secret: "secret access key", of: (c) => (str(c.endpoint) ? [str(c.endpoint)!] : []) },
};

/** Refuses endpoints outside the URL policy (Azure allow-list; S3 not link-local/metadata). */
export async function assertEndpointsAllowed(plugin: PluginId, config: Config): Promise<void> {
  try {
    if (plugin === "azure-cost-details") {
      checkAzureUrl(str(config.authorityHost) ?? AZURE_PUBLIC_AUTHORITY, "authority");
      checkAzureUrl(str(config.resourceManagerEndpoint) ?? AZURE_PUBLIC_ARM, "arm");
    }
    if (plugin === "azure-exports-s3" && str(config.endpoint)) await checkS3Endpoint(str(config.endpoint)!);
  } catch (err) {
    if (err instanceof UrlRefusedError) throw new SourceSettingsError(err.message);
    throw err;
  }
}

/**
 * A request that reuses stored secrets (`reused`: the secret fields not entered again) must keep
 * the plugin and every endpoint the secrets were saved with.
 */
export function assertStoredSecretsStayHome(stored: { plugin: string; config: Config }, next: { plugin: PluginId; config: Config }, reused: string[]): void {
  if (reused.length === 0) return;
  if (stored.plugin !== next.plugin) throw new SourceSettingsError("The stored secrets belong to another kind of source; enter the secrets to test these settings");
  const endpoints = ENDPOINT_FIELDS[next.plugin];
  if (!endpoints) return;
  const before = endpoints.of(stored.config).map(normalized).sort().join(" ");
  const after = endpoints.of(next.config).map(normalized).sort().join(" ");
  if (before !== after) {
    throw new SourceSettingsError(
      `The ${endpoints.fields} changed: enter the ${endpoints.secret} again (a stored secret is only sent to the hosts it was saved for)`,
    );
  }
}
