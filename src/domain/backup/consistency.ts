import type { ClickHouseClient } from "@clickhouse/client";
import { BackupError } from "./manifest";

/** A run still "running" after a day died with its process (as in ingestion/direct-runs.ts). */
const STALE_HOURS = 24;

/**
 * Backups refuse to start while an ingestion run is writing, rather than pausing schedules: a run
 * replaces whole partitions, so a backup taken between runs is consistent, and a refused backup
 * is simply retried (the daily schedule retries after an hour; the CLI says to try again).
 */
export async function assertNoIngestRunning(ch: ClickHouseClient): Promise<void> {
  const rs = await ch.query({
    query: `SELECT run_id, source_id FROM ingest_runs FINAL WHERE status = 'running' AND started_at > now64(3) - INTERVAL ${STALE_HOURS} HOUR ORDER BY started_at LIMIT 5`,
    format: "JSONEachRow",
  });
  const running = await rs.json<{ run_id: string; source_id: string }>();
  if (running.length) {
    throw new BackupError(`an ingestion run is writing (run ${running.map((r) => r.run_id).join(", ")}); a backup waits for it: try again when it has finished`);
  }
}
