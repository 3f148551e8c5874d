/**
 * The progress shapes every workflow shares, declared once: the app, the CLI and the worker
 * import them from here (type-only, so the workflow sandbox pulls in nothing).
 */

/**
 * Work done out of a total: what an activity heartbeats (the console's progress bar reads the last
 * beat), what `abi run`/`abi backfill` draw, and what the CLI's progress bar takes.
 */
export type WorkProgress = { step: string; done: number; total: number; unit?: "rows" | "bytes" | "months" };

/** The steps an ingestion run goes through, in order. */
export type RunStep = "queued" | "extract" | "load" | "quality" | "done" | "failed" | "cancelled";

/** What an ingestion run's `progress` query answers: its steps with their timings. */
export type RunProgress = {
  step: RunStep;
  steps: { name: string; startedAt?: string; finishedAt?: string; detail?: string }[];
  rowsLoaded?: number;
  error?: string;
};
