import { ApplicationFailure, CancellationScope, isCancellation, proxyActivities, setHandler, workflowInfo } from "@temporalio/workflow";
import type { Activities } from "../activities";
import { progressQuery, type RunProgress } from "./contracts";

const { loadFiles } = proxyActivities<Activities>({
  startToCloseTimeout: "3 hours",
  heartbeatTimeout: "1 minute",
  retry: { maximumAttempts: 4, initialInterval: "5 seconds", nonRetryableErrorTypes: ["IngestInputError", "ZodError"] },
});
const { cleanupRun, recordRestatements } = proxyActivities<Activities>({ startToCloseTimeout: "10 minutes", retry: { maximumAttempts: 5 } });

/** Files uploaded in the browser (or by `abi ingest` through the app): load, then check restatements. */
export async function ingestUpload(input: { sourceId: string; files: { path: string; name: string; bytes: number }[] }) {
  const { runId } = workflowInfo();
  const progress: RunProgress = { step: "load", steps: [{ name: "stage, convert, validate, swap", startedAt: new Date().toISOString() }] };
  setHandler(progressQuery, () => progress);
  try {
    const report = await loadFiles({ sourceId: input.sourceId, runId, files: input.files });
    progress.rowsLoaded = report.rows.loaded;
    Object.assign(progress.steps[0]!, { finishedAt: new Date().toISOString(), detail: `${report.rows.loaded} loaded, ${report.rows.quarantined} quarantined` });
    progress.step = "quality";
    let restatements = 0;
    for (const m of report.months) restatements += (await recordRestatements({ sourceId: input.sourceId, month: m.slice(0, 7), runId })).changes;
    progress.step = "done";
    return { ...report, restatements };
  } catch (err) {
    progress.step = isCancellation(err) ? "cancelled" : "failed";
    progress.error = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    if (isCancellation(err)) throw err;
    throw ApplicationFailure.nonRetryable(progress.error, "IngestRunFailed");
  } finally {
    await CancellationScope.nonCancellable(() => cleanupRun({ runId }));
  }
}
