import { defineQuery } from "@temporalio/workflow";

/** What a run's progress query answers; the console adds the running activity's heartbeat. */
export type RunProgress = {
  step: "queued" | "extract" | "load" | "quality" | "done" | "failed" | "cancelled";
  steps: { name: string; startedAt?: string; finishedAt?: string; detail?: string }[];
  rowsLoaded?: number;
  error?: string;
};

export const progressQuery = defineQuery<RunProgress>("progress");

/** `pluginVersion`: the plugin version pinned when the run was started (absent: the active one). */
export type IngestMonthInput = { sourceId: string; month: string; pluginVersion?: string };
