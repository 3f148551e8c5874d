import { ApplicationFailure, CancellationScope, isCancellation, proxyActivities, setHandler, workflowInfo, executeChild } from "@temporalio/workflow";
import type { Activities } from "../activities";
import { progressQuery, type IngestMonthInput, type RunProgress } from "./contracts";
import { dataQualityMonitor } from "./data-quality-monitor";

// Bad credentials and bad files fail the run at once; everything else is retried.
const NON_RETRYABLE = ["BadCredentialsError", "SourceConfigError", "IngestInputError", "SourceDataError", "InvalidSourceRequestError", "BucketNotFoundError", "ZodError"];

const { extractSourceMonth } = proxyActivities<Activities>({
  startToCloseTimeout: "2 hours",
  heartbeatTimeout: "2 minutes",
  retry: { maximumAttempts: 5, initialInterval: "5 seconds", backoffCoefficient: 2, nonRetryableErrorTypes: NON_RETRYABLE },
});

const { loadFiles } = proxyActivities<Activities>({
  startToCloseTimeout: "3 hours",
  heartbeatTimeout: "1 minute",
  retry: { maximumAttempts: 4, initialInterval: "5 seconds", backoffCoefficient: 2, nonRetryableErrorTypes: NON_RETRYABLE },
});

const { cleanupRun } = proxyActivities<Activities>({ startToCloseTimeout: "5 minutes", retry: { maximumAttempts: 5 } });

/** One (source, billing month): extract → stage → convert → validate → atomic swap. */
export async function ingestSourceMonth(input: IngestMonthInput) {
  const { runId } = workflowInfo();
  const progress: RunProgress = { step: "queued", steps: [] };
  setHandler(progressQuery, () => progress);
  const begin = (step: RunProgress["step"], name: string) => {
    progress.step = step;
    progress.steps.push({ name, startedAt: new Date().toISOString() });
  };
  const end = (detail?: string) => {
    const last = progress.steps.at(-1);
    if (last) Object.assign(last, { finishedAt: new Date().toISOString(), detail });
  };

  try {
    begin("extract", "extract");
    const extracted = await extractSourceMonth({ ...input, runId });
    end(`${extracted.files.length} files, ${extracted.bytes} bytes`);

    begin("load", "stage, convert, validate, swap");
    const report = await loadFiles({ ...input, runId, files: extracted.files });
    progress.rowsLoaded = report.rows.loaded;
    end(`${report.rows.loaded} loaded, ${report.rows.quarantined} quarantined, ${report.rows.excluded} excluded`);

    begin("quality", "data quality");
    const quality = await executeChild(dataQualityMonitor, {
      args: [{ sourceId: input.sourceId, month: input.month, runId }],
      workflowId: `quality-${runId}`,
    });
    end(`${quality.changes} restated day/service cells`);
    progress.step = "done";
    return { ...report, restatements: quality.changes };
  } catch (err) {
    progress.step = isCancellation(err) ? "cancelled" : "failed";
    progress.error = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    await CancellationScope.nonCancellable(() => cleanupRun({ runId }));
    if (isCancellation(err)) throw err;
    throw ApplicationFailure.nonRetryable(progress.error, "IngestRunFailed");
  } finally {
    if (progress.step === "done") await cleanupRun({ runId });
  }
}
