import type { Runtime } from "../runtime";

export type RunFile = { name: string; sha256: string; rows: number };

/** Each run's files (name, SHA-256, rows), in the order they were given. */
export async function runFiles(rt: Runtime, runIds: string[]): Promise<Map<string, RunFile[]>> {
  const byRun = new Map<string, RunFile[]>();
  if (runIds.length === 0) return byRun;
  const rs = await rt.ch.query({ query: "SELECT run_id, file_name AS name, sha256, rows FROM ingest_run_files FINAL WHERE run_id IN {ids:Array(String)} ORDER BY run_id, file_index", query_params: { ids: runIds }, format: "JSONEachRow" });
  for (const f of await rs.json<{ run_id: string; name: string; sha256: string; rows: string }>()) {
    byRun.set(f.run_id, [...(byRun.get(f.run_id) ?? []), { name: f.name, sha256: f.sha256, rows: Number(f.rows) }]);
  }
  return byRun;
}
