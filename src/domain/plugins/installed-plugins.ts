/**
 * The installed-plugins dashboard (issue 11, step 5): per installation its version, whether it is
 * enabled, the last connection test, and per data source its last run (status, when, rows, error)
 * and next scheduled run; failed runs are counted over the recent runs the console lists.
 */
import { asc } from "drizzle-orm";
import type { Runtime } from "../runtime";
import { dataSources, pluginInstallations, type PluginHealth } from "../db/schema";
import { listRuns } from "../ingestion/list-runs";
import type { RunStatus } from "../ingestion/run-row";
import { describeSourceSchedule } from "../ingestion/schedules";
import { listPlugins } from "./list-plugins";

export type InstalledSourceRun = { workflowId: string; runId: string; status: RunStatus; month: string | null; startedAt: string; rowsLoaded: number | null; rowsQuarantined: number | null; error: string | null };

export type InstalledSource = { id: string; name: string; scheduleEnabled: boolean; nextRunAt: string | null; lastRun: InstalledSourceRun | null; failedRuns: number };

export type InstalledPlugin = {
  id: string;
  name: string;
  version: string;
  enabled: boolean;
  updateAvailable: string | null;
  health: PluginHealth | null;
  sources: InstalledSource[];
  /** Rows loaded by the last run of each source. */
  rowsLoaded: number;
  /** Failed runs among the recent runs of its sources. */
  errors: number;
};

const FAILED: RunStatus[] = ["failed", "timed_out", "terminated"];

export async function installedPlugins(rt: Runtime): Promise<InstalledPlugin[]> {
  const [installs, named, sources, runs] = await Promise.all([
    rt.db.select().from(pluginInstallations).orderBy(asc(pluginInstallations.pluginId)),
    listPlugins(rt.db),
    rt.db.select().from(dataSources).orderBy(asc(dataSources.name)),
    listRuns(rt, { limit: 200 }),
  ]);
  const out: InstalledPlugin[] = [];
  for (const inst of installs) {
    const mine: InstalledSource[] = [];
    for (const s of sources.filter((x) => x.installationId === inst.id)) {
      const ofSource = runs.filter((r) => r.sourceId === s.id);
      const last = ofSource[0];
      const next = s.scheduleEnabled ? ((await describeSourceSchedule(rt, s.id).catch(() => null))?.nextRuns[0] ?? null) : null;
      mine.push({
        id: s.id,
        name: s.name,
        scheduleEnabled: s.scheduleEnabled,
        nextRunAt: next,
        lastRun: last
          ? { workflowId: last.workflowId, runId: last.runId, status: last.status, month: last.month, startedAt: last.startedAt, rowsLoaded: last.rows?.loaded ?? null, rowsQuarantined: last.rows?.quarantined ?? null, error: last.error }
          : null,
        failedRuns: ofSource.filter((r) => FAILED.includes(r.status)).length,
      });
    }
    const listed = named.find((p) => p.id === inst.pluginId);
    out.push({
      id: inst.pluginId,
      name: listed?.name ?? inst.pluginId,
      version: inst.activeVersion,
      enabled: inst.enabled,
      updateAvailable: listed?.updateAvailable ?? null,
      health: inst.health ?? null,
      sources: mine,
      rowsLoaded: mine.reduce((n, s) => n + (s.lastRun?.rowsLoaded ?? 0), 0),
      errors: mine.reduce((n, s) => n + s.failedRuns, 0),
    });
  }
  return out;
}
