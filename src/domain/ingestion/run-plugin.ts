/**
 * Which plugin id and version a run ran with (ClickHouse `ingest_run_plugins`): written when the
 * run loads its plugin (pulled months), when an upload run is started, and when `abi ingest` /
 * `abi seed` register their run; read by `abi runs` and the run detail page.
 */
import type { ClickHouseClient } from "@clickhouse/client";
import type { Db } from "../runtime/postgres";
import { findInstallation } from "../plugins/registry-store";
import { findSourcePlugin } from "../plugins/registry";

export type RunPlugin = { pluginId: string; pluginVersion: string };

export async function recordRunPlugin(ch: ClickHouseClient, r: { runId: string } & RunPlugin): Promise<void> {
  await ch.insert({ table: "ingest_run_plugins", format: "JSONEachRow", values: [{ run_id: r.runId, plugin_id: r.pluginId, plugin_version: r.pluginVersion }] });
}

/**
 * The plugin version a run of a source of `pluginId` uses outside the worker: the installation's
 * active version, else (a plugin not in the registry) the version of the code this ABI carries.
 */
export async function sourceRunPlugin(db: Db, pluginId: string): Promise<RunPlugin | null> {
  const version = (await findInstallation(db, pluginId))?.activeVersion ?? findSourcePlugin(pluginId)?.manifest.version;
  return version ? { pluginId, pluginVersion: version } : null;
}

export async function runPlugins(ch: ClickHouseClient, runIds: string[]): Promise<Map<string, RunPlugin>> {
  if (runIds.length === 0) return new Map();
  const rows = await (
    await ch.query({
      query: "SELECT run_id, plugin_id, plugin_version FROM ingest_run_plugins FINAL WHERE run_id IN {ids:Array(String)}",
      query_params: { ids: runIds },
      format: "JSONEachRow",
    })
  ).json<{ run_id: string; plugin_id: string; plugin_version: string }>();
  return new Map(rows.map((r) => [r.run_id, { pluginId: r.plugin_id, pluginVersion: r.plugin_version }]));
}
