import { ApplicationFailure, executeChild, ParentClosePolicy } from "@temporalio/workflow";
import { ingestSourceMonth } from "./ingest-source-month";
import { MAX_BACKFILL_MONTHS, monthsBetweenInclusive } from "../../src/domain/ingestion/months";
import { monthWorkflowId } from "../../src/domain/ingestion/workflow-ids";
import type { BackfillInput, BackfillResult } from "../../src/domain/workflows/contract";

/** Child workflows, at most `concurrency` at a time, newest month first. */
export async function backfillSource(input: BackfillInput): Promise<BackfillResult> {
  const months = monthsBetweenInclusive(input.from, input.to).reverse();
  if (months.length === 0) throw ApplicationFailure.nonRetryable(`--from ${input.from} is after --to ${input.to}`, "BadRange");
  if (months.length > MAX_BACKFILL_MONTHS) throw ApplicationFailure.nonRetryable(`a backfill covers at most ${MAX_BACKFILL_MONTHS} months, not ${months.length}`, "BadRange");
  const concurrency = Math.max(1, Math.min(input.concurrency ?? 2, 4));
  const results: BackfillResult["months"] = [];
  const queue = [...months];
  const lane = async () => {
    for (let month = queue.shift(); month; month = queue.shift()) {
      try {
        await executeChild(ingestSourceMonth, {
          args: [{ sourceId: input.sourceId, month, pluginVersion: input.pluginVersion }],
          workflowId: monthWorkflowId(input.sourceId, month),
          memo: { sourceId: input.sourceId, month },
          parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        });
        results.push({ month, ok: true });
      } catch (err) {
        results.push({ month, ok: false, error: err instanceof Error ? err.message : String(err) });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { months: results.sort((a, b) => a.month.localeCompare(b.month)) };
}
