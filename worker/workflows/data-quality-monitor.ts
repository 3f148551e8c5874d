import { proxyActivities } from "@temporalio/workflow";
import type { Activities } from "../activities";
import type { QualityInput, QualityResult } from "../../src/domain/workflows/contract";

const { recordRestatements } = proxyActivities<Activities>({ startToCloseTimeout: "10 minutes", retry: { maximumAttempts: 3 } });

/** After a run: compare the month with the previous run of it and record what was restated. */
export async function dataQualityMonitor(input: QualityInput): Promise<QualityResult> {
  return recordRestatements(input);
}
