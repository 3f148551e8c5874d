import { CancellationScope, proxyActivities, setHandler, workflowInfo } from "@temporalio/workflow";
import type { Activities } from "../activities";
import { progressQuery, type IngestRunResult, type IngestUploadInput, type RunProgress } from "../../src/domain/workflows/contract";
import { alertsAfterRun } from "./alert-hook";
import { loadSteps, runFailure, stepTracker } from "./load-steps";

const { cleanupRun, recordRestatements } = proxyActivities<Activities>({ startToCloseTimeout: "10 minutes", retry: { maximumAttempts: 5 } });

/** Files uploaded in the browser: stage → convert → validate → swap, then check restatements. */
export async function ingestUpload(input: IngestUploadInput): Promise<IngestRunResult> {
  const { runId } = workflowInfo();
  const progress: RunProgress = { step: "queued", steps: [] };
  setHandler(progressQuery, () => progress);
  const track = stepTracker(progress);
  try {
    const report = await loadSteps(track, { sourceId: input.sourceId, runId, files: input.files });
    progress.rowsLoaded = report.rows.loaded;
    const restatements = await track("quality", "data quality", async () => {
      let changes = 0;
      for (const m of report.months) changes += (await recordRestatements({ sourceId: input.sourceId, month: m.slice(0, 7), runId })).changes;
      return changes;
    }, (n) => `${n} restated day/service cells`);
    progress.step = "done";
    return { ...report, restatements };
  } catch (err) {
    throw runFailure(progress, err);
  } finally {
    await CancellationScope.nonCancellable(() => cleanupRun({ runId }));
    await CancellationScope.nonCancellable(() => alertsAfterRun(input.sourceId, progress.step === "done", progress.error));
  }
}
