/**
 * The plugins ABI knows, looked up by the id stored on a data source: the built-ins, compiled in,
 * and the active version of each installed plugin package (loaded at start and on each lifecycle
 * step by packages/runtime-packages.ts).
 */
import type { SourcePlugin } from "./contract";
import { fileUploadPlugin } from "./builtin/file-upload";
import { azureExportsS3Plugin } from "./builtin/azure-exports-s3";
import { azureCostDetailsPlugin } from "./builtin/azure-cost-details";
import { focusFilesPlugin } from "./builtin/focus-files";
import { activePackagePlugins } from "./active-packages";
import type { NotifierPlugin } from "./notifier-contract";
import { emailSmtpNotifier } from "./builtin/email-smtp";
import { slackWebhookNotifier } from "./builtin/slack-webhook";
import { teamsWebhookNotifier } from "./builtin/teams-webhook";
import { signedWebhookNotifier } from "./builtin/signed-webhook";
import { activeNotifier } from "./active-notifiers";

/** In the order the admin form offers them. */
const BUILTIN_SOURCE_PLUGINS: readonly SourcePlugin[] = [fileUploadPlugin, azureCostDetailsPlugin, azureExportsS3Plugin, focusFilesPlugin];

/** Alert channels (kind "notifier"), in the order the channel form offers them. */
const BUILTIN_NOTIFIER_PLUGINS: readonly NotifierPlugin[] = [emailSmtpNotifier, slackWebhookNotifier, teamsWebhookNotifier, signedWebhookNotifier];

/** A data source names a plugin ABI does not have. */
export class UnknownPluginError extends Error {
  override name = "UnknownPluginError";
}

/** The plugins compiled into ABI (registered at every boot). */
export function builtinSourcePlugins(): readonly SourcePlugin[] {
  return BUILTIN_SOURCE_PLUGINS;
}

/** The built-ins, then the active version of each installed plugin package (active-packages.ts). */
export function sourcePlugins(): readonly SourcePlugin[] {
  return [...BUILTIN_SOURCE_PLUGINS, ...activePackagePlugins()];
}

export function sourcePluginIds(): string[] {
  return sourcePlugins().map((p) => p.manifest.id);
}

export function findSourcePlugin(id: string): SourcePlugin | undefined {
  return sourcePlugins().find((p) => p.manifest.id === id);
}

export function requireSourcePlugin(id: string): SourcePlugin {
  const plugin = findSourcePlugin(id);
  if (!plugin) throw new UnknownPluginError(`unknown data-source plugin "${id}"; known: ${sourcePluginIds().join(", ")}`);
  return plugin;
}

/** The plugin a file source is created with when files arrive for a source name not seen before. */
export function uploadSourcePlugin(): SourcePlugin {
  const plugin = BUILTIN_SOURCE_PLUGINS.find((p) => p.acceptsUploads);
  if (!plugin) throw new UnknownPluginError("no data-source plugin accepts uploaded files");
  return plugin;
}

/** Whether the source's plugin takes uploaded files (false for an unknown plugin). */
export function acceptsUploads(pluginId: string): boolean {
  return findSourcePlugin(pluginId)?.acceptsUploads ?? false;
}

/** Whether the source's plugin pulls months itself (false for an unknown plugin). */
export function pullsMonths(pluginId: string): boolean {
  return findSourcePlugin(pluginId)?.pullsMonths ?? false;
}

/** The plugin's config and secrets parsed by its schemas (throws the zod error). */
export function parsePluginSettings(id: string, config: unknown, secrets: unknown): { config: Record<string, unknown>; secrets: Record<string, string> } {
  const p = requireSourcePlugin(id);
  return { config: p.configSchema.parse(config), secrets: p.secretsSchema.parse(secrets) };
}

/** The notifiers, each at the version its installation moved to in this process (else compiled in). */
export function notifierPlugins(opts: { builtinOnly?: boolean } = {}): readonly NotifierPlugin[] {
  return opts.builtinOnly ? BUILTIN_NOTIFIER_PLUGINS : BUILTIN_NOTIFIER_PLUGINS.map((p) => activeNotifier(p.manifest.id) ?? p);
}

export function findNotifierPlugin(id: string): NotifierPlugin | undefined {
  return notifierPlugins().find((p) => p.manifest.id === id);
}

export function requireNotifierPlugin(id: string): NotifierPlugin {
  const plugin = findNotifierPlugin(id);
  if (!plugin) throw new UnknownPluginError(`unknown notifier plugin "${id}"; known: ${BUILTIN_NOTIFIER_PLUGINS.map((p) => p.manifest.id).join(", ")}`);
  return plugin;
}
