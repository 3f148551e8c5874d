import { CancellationScope, executeChild, proxyActivities, setHandler, workflowInfo } from "@temporalio/workflow";
import type { Activities } from "../activities";
import { progressQuery, type IngestMonthInput, type IngestRunResult, type RunProgress } from "../../src/domain/workflows/contract";
import { dataQualityMonitor } from "./data-quality-monitor";
import { alertsAfterRun } from "./alert-hook";
import { loadSteps, NON_RETRYABLE, runFailure, stepTracker } from "./load-steps";

const { extractSourceMonth } = proxyActivities<Activities>({
  startToCloseTimeout: "2 hours",
  heartbeatTimeout: "2 minutes",
  retry: { maximumAttempts: 5, initialInterval: "5 seconds", backoffCoefficient: 2, nonRetryableErrorTypes: NON_RETRYABLE },
});

const { cleanupRun } = proxyActivities<Activities>({ startToCloseTimeout: "5 minutes", retry: { maximumAttempts: 5 } });

/** One (source, billing month): extract → stage → convert → validate → atomic swap → data quality. */
export async function ingestSourceMonth(input: IngestMonthInput): Promise<IngestRunResult> {
  const { runId } = workflowInfo();
  const progress: RunProgress = { step: "queued", steps: [] };
  setHandler(progressQuery, () => progress);
  const track = stepTracker(progress);
  try {
    const extracted = await track("extract", "extract", () => extractSourceMonth({ ...input, runId }), (r) => `${r.files.length} files, ${r.bytes} bytes`);
    const report = await loadSteps(track, { ...input, runId, files: extracted.files });
    progress.rowsLoaded = report.rows.loaded;
    const quality = await track(
      "quality",
      "data quality",
      () => executeChild(dataQualityMonitor, { args: [{ sourceId: input.sourceId, month: input.month, runId }], workflowId: `quality-${runId}` }),
      (q) => `${q.changes} restated day/service cells`,
    );
    progress.step = "done";
    return { ...report, restatements: quality.changes };
  } catch (err) {
    throw runFailure(progress, err);
  } finally {
    await CancellationScope.nonCancellable(() => cleanupRun({ runId }));
    await CancellationScope.nonCancellable(() => alertsAfterRun(input.sourceId, progress.step === "done", progress.error));
  }
}
