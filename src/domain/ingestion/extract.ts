import fs from "node:fs";
import type { Runtime } from "../runtime";
import { findSource } from "../sources/registry";
import { requirePluginVersion } from "../plugins/packages/runtime-packages";
import { recordRunPlugin } from "./run-plugin";
import { PluginLifecycleError, requireRunnableInstallation } from "../plugins/lifecycle";
import type { Extracted, ExtractProgress } from "../plugins/contract";
import { decryptSecrets } from "../sources/secrets";
import { runDir } from "./run-dir";

export type { ExtractedFile, Extracted, ExtractProgress } from "../plugins/contract";

/** A source that cannot work as configured: fails the run at once, it is not retried. */
export class SourceConfigError extends Error {
  override name = "SourceConfigError";
}

/**
 * The source, the code of its plugin and its parsed settings. `pluginVersion` is the version pinned
 * on the run when it was started; without it (scheduled runs) the installation's active version.
 */
export async function loadSourceSettings(rt: Runtime, sourceId: string, pluginVersion?: string) {
  const source = await findSource(rt.db, sourceId);
  if (!source) throw new SourceConfigError(`data source ${sourceId} does not exist (it may have been deleted)`);
  // Scheduled runs start in Temporal without start-runs.ts: a disabled plugin is refused here too.
  const installation = await requireRunnableInstallation(rt.db, source.plugin, source.name).catch((err: unknown) => {
    throw err instanceof PluginLifecycleError ? new SourceConfigError(err.message) : err;
  });
  const version = pluginVersion ?? installation.activeVersion;
  const plugin = await requirePluginVersion(rt.db, source.plugin, version).catch((err: unknown) => {
    throw new SourceConfigError(`data source ${source.name} cannot load plugin ${source.plugin} ${version}: ${err instanceof Error ? err.message : String(err)}`);
  });
  const config = plugin.configSchema.safeParse(source.config);
  if (!config.success) throw new SourceConfigError(`data source ${source.name} is misconfigured: ${config.error.issues[0]?.message}`);
  return { source, plugin, config: config.data, secrets: decryptSecrets(rt.env, source.secretCiphertext) };
}

/** Pulls one billing month of a source's raw files into the run directory. */
export async function extractSourceMonth(
  rt: Runtime,
  input: { sourceId: string; month: string; runId: string; pluginVersion?: string },
  opts: { signal?: AbortSignal; onProgress?: (p: ExtractProgress) => void } = {},
): Promise<Extracted> {
  const { source, plugin, config, secrets } = await loadSourceSettings(rt, input.sourceId, input.pluginVersion);
  await recordRunPlugin(rt.ch, { runId: input.runId, pluginId: plugin.manifest.id, pluginVersion: plugin.manifest.version });
  if (!plugin.pullsMonths || !plugin.extractMonth) {
    throw new SourceConfigError(`data source ${source.name} (${source.plugin}) has no month to pull; upload its files instead`);
  }
  const dir = runDir(rt.env, input.runId);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return plugin.extractMonth({ config, secrets, dir, signal: opts.signal, onProgress: opts.onProgress }, input.month);
}
