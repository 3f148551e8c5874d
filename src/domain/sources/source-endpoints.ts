/**
 * The hosts a source's settings send requests (and its stored secret) to, and the two rules on
 * them: the hosts must pass the URL policy, and a stored secret only ever goes to the hosts it was
 * saved for (changing a host means entering the secret again).
 */
import { UrlRefusedError } from "./shared/url-policy";
import { requireSourcePlugin } from "../plugins/registry";

/** A source setting refused for a reason the admin can fix (the API answers BAD_REQUEST). */
export class SourceSettingsError extends Error {
  override name = "SourceSettingsError";
}

type Config = Record<string, unknown>;

/** Comparable form of an endpoint: scheme, lower-case host, explicit port, path without trailing slash. */
function normalized(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.hostname}:${u.port || (u.protocol === "https:" ? "443" : "80")}${u.pathname.replace(/\/+$/, "")}`;
  } catch {
    return raw;
  }
}

/** Refuses endpoints outside the URL policy (the plugin's `secretHosts.assertAllowed`, e.g. Azure allow-list; S3 not link-local/metadata). */
export async function assertEndpointsAllowed(plugin: string, config: Config): Promise<void> {
  try {
    await requireSourcePlugin(plugin).secretHosts?.assertAllowed(config);
  } catch (err) {
    if (err instanceof UrlRefusedError) throw new SourceSettingsError(err.message);
    throw err;
  }
}

/**
 * A request that reuses stored secrets (`reused`: the secret fields not entered again) must keep
 * the plugin and every endpoint the secrets were saved with.
 */
export function assertStoredSecretsStayHome(stored: { plugin: string; config: Config }, next: { plugin: string; config: Config }, reused: string[]): void {
  if (reused.length === 0) return;
  if (stored.plugin !== next.plugin) throw new SourceSettingsError("The stored secrets belong to another kind of source; enter the secrets to test these settings");
  const endpoints = requireSourcePlugin(next.plugin).secretHosts;
  if (!endpoints) return;
  const before = endpoints.hosts(stored.config).map(normalized).sort().join(" ");
  const after = endpoints.hosts(next.config).map(normalized).sort().join(" ");
  if (before !== after) {
    throw new SourceSettingsError(
      `The ${endpoints.fields} changed: enter the ${endpoints.secret} again (a stored secret is only sent to the hosts it was saved for)`,
    );
  }
}
