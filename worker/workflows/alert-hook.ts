import { ParentClosePolicy, startChild, workflowInfo } from "@temporalio/workflow";
import { evaluateAlerts } from "./evaluate-alerts";

/**
 * Called where an ingestion run finishes (done or failed): evaluates the alert rules in a child
 * workflow the run does not wait for (ABANDON), so a slow channel never holds a run open.
 */
export async function alertsAfterRun(sourceId: string, ok: boolean, error?: string): Promise<void> {
  const { runId } = workflowInfo();
  await startChild(evaluateAlerts, {
    workflowId: `alerts-after-${runId}`,
    parentClosePolicy: ParentClosePolicy.ABANDON,
    args: [{ kind: "run", sourceId, runId, ok, error }],
  }).catch(() => undefined);
}
