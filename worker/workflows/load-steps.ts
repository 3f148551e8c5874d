import { ApplicationFailure, isCancellation, proxyActivities } from "@temporalio/workflow";
import type { Activities } from "../activities";
import type { RunFileInput, RunProgress } from "../../src/domain/workflows/contract";
import { NON_RETRYABLE_SOURCE_ERRORS } from "../../src/domain/sources/shared/errors";

// Bad credentials, bad requests, bad config and bad files fail the run at once; everything else is
// retried (the source errors say which they are: SourceError.retryable).
export const NON_RETRYABLE = [...NON_RETRYABLE_SOURCE_ERRORS, "SourceConfigError", "IngestInputError", "ZodError"];

const steps = proxyActivities<Activities>({
  startToCloseTimeout: "3 hours",
  heartbeatTimeout: "1 minute",
  retry: { maximumAttempts: 4, initialInterval: "5 seconds", backoffCoefficient: 2, nonRetryableErrorTypes: NON_RETRYABLE },
});

/** Records a step's start and end in the run's progress (the console's step timings). */
export function stepTracker(progress: RunProgress) {
  return async <T>(step: RunProgress["step"], name: string, work: () => Promise<T>, detail?: (r: T) => string): Promise<T> => {
    progress.step = step;
    const entry: RunProgress["steps"][number] = { name, startedAt: new Date().toISOString() };
    progress.steps.push(entry);
    const result = await work();
    Object.assign(entry, { finishedAt: new Date().toISOString(), detail: detail?.(result) });
    return result;
  };
}

/** The FOCUS engine's steps, one activity each: stage → convert → validate → swap. */
export async function loadSteps(
  track: ReturnType<typeof stepTracker>,
  input: { sourceId: string; runId: string; files: RunFileInput[]; month?: string },
) {
  // Embedded mode reads most CSV files in the conversion itself, so rows are counted there.
  const staged = await track("load", "stage", () => steps.stageRun(input), (r) => `${r.staged.length} files, ${r.report.dataset}`);
  const converted = await track("load", "convert", () => steps.convertRun(staged), (r) => `${r.report.rows.in} rows in: ${r.report.rows.loaded} loaded, ${r.report.rows.quarantined} quarantined, ${r.report.rows.excluded} excluded`);
  const validated = await track("load", "validate", () => steps.validateRun(converted));
  return track("load", "swap", () => steps.swapRun(validated), (r) => `months ${r.months.join(", ")}`);
}

/** Records why a run stopped and returns what to throw: cancellation as is, anything else as a final failure. */
export function runFailure(progress: RunProgress, err: unknown): unknown {
  progress.step = isCancellation(err) ? "cancelled" : "failed";
  progress.error = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
  return isCancellation(err) ? err : ApplicationFailure.nonRetryable(progress.error, "IngestRunFailed");
}
