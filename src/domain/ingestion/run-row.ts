import type { RunFile } from "./run-files";
import type { WorkProgress } from "../workflows/progress";

/** One ingestion run as the console, `abi runs` and provenance list it (Temporal or CLI/seed). */
export type RunStatus = "running" | "completed" | "failed" | "cancelled" | "terminated" | "timed_out";

export type RunRow = {
  workflowId: string;
  runId: string;
  type: string;
  sourceId: string;
  sourceName: string;
  month: string | null;
  status: RunStatus;
  startedAt: string;
  closedAt: string | null;
  seconds: number | null;
  rows: { in: number; loaded: number; quarantined: number; excluded: number } | null;
  totals: { currency: string; billedCost: string; effectiveCost: string }[];
  /** The files the run loaded (lineage), each with its SHA-256. */
  files: RunFile[];
  /** The running activity's last heartbeat. */
  progress: WorkProgress | null;
  error: string | null;
  /** The plugin id and version the run ran with (ingest_run_plugins, else the run's memo); null only for runs made before it was recorded. */
  plugin?: { id: string; version: string } | null;
};
