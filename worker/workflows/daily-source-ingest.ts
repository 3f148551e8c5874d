import { executeChild } from "@temporalio/workflow";
import { WorkflowExecutionAlreadyStartedError } from "@temporalio/common";
import { ingestSourceMonth } from "./ingest-source-month";
import { monthWorkflowId } from "../../src/domain/ingestion/workflow-ids";
import type { DailyIngestInput, DailyIngestResult } from "../../src/domain/workflows/contract";

/** Azure keeps restating a month for days after it ends; re-pull it until this day of the next. */
export const PREVIOUS_MONTH_CLOSES_ON_DAY = 7;

export function monthsToRefresh(now: Date): string[] {
  const fmt = (y: number, m: number) => `${y}-${String(m).padStart(2, "0")}`;
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() + 1;
  const months = [fmt(y, m)];
  if (now.getUTCDate() <= PREVIOUS_MONTH_CLOSES_ON_DAY) months.unshift(m === 1 ? fmt(y - 1, 12) : fmt(y, m - 1));
  return months;
}

/** What a data source's daily schedule starts: the current month and, while open, the previous. */
export async function dailySourceIngest(input: DailyIngestInput): Promise<DailyIngestResult> {
  const now = new Date(); // deterministic inside a workflow: the task's start time
  const results: DailyIngestResult["months"] = [];
  for (const month of monthsToRefresh(now)) {
    try {
      // The same id as "run now": a month never has two runs at once.
      const r = await executeChild(ingestSourceMonth, { args: [{ sourceId: input.sourceId, month }], workflowId: monthWorkflowId(input.sourceId, month), memo: { sourceId: input.sourceId, month } });
      results.push({ month, runId: r.runId });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      results.push({ month, skipped: "a run of this month is already in progress" });
    }
  }
  return { months: results };
}
