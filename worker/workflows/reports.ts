import { proxyActivities, workflowInfo } from "@temporalio/workflow";
import type { Activities } from "../activities";
import type { DeliverReportInput, DeliverReportResult, WeeklyDigestResult } from "../../src/domain/workflows/contract";

const { planReportDelivery, dueDigests } = proxyActivities<Activities>({ startToCloseTimeout: "1 minute", retry: { maximumAttempts: 3 } });

/** One attempt renders and mails to one recipient; retried with backoff; a refusal (no channel) is final. */
const { deliverReportTo, sendDigest } = proxyActivities<Activities>({
  startToCloseTimeout: "5 minutes",
  retry: { maximumAttempts: 4, initialInterval: "5 seconds", backoffCoefficient: 2, maximumInterval: "5 minutes", nonRetryableErrorTypes: ["ReportRefusedError"] },
});

const recipientName = (r: Awaited<ReturnType<typeof planReportDelivery>>[number]) => (r.kind === "user" ? `user ${r.userId}` : r.email);
const why = (e: unknown) => String((e as { cause?: { message?: string } }).cause?.message ?? (e as Error).message);

/** A scheduled report: every recipient separately, so one failing address does not stop the others. */
export async function deliverReport(input: DeliverReportInput): Promise<DeliverReportResult> {
  const runAt = input.runAt ?? workflowInfo().startTime.toISOString();
  const recipients = await planReportDelivery(input.reportId);
  const results = await Promise.allSettled(recipients.map((r) => deliverReportTo(input.reportId, r, input.trigger, runAt)));
  const failed = results.flatMap((r, i) => (r.status === "rejected" ? [{ recipient: recipientName(recipients[i]!), error: why(r.reason) }] : []));
  return { recipients: recipients.length, delivered: results.length - failed.length, failed };
}

/** The hourly digest run: each user whose Monday morning it is and who has not had this week's digest. */
export async function weeklyDigest(): Promise<WeeklyDigestResult> {
  const at = workflowInfo().startTime.toISOString();
  const due = await dueDigests(at);
  const results = await Promise.allSettled(due.map((userId) => sendDigest(userId, at)));
  const failed = results.flatMap((r, i) => (r.status === "rejected" ? [{ userId: due[i]!, error: why(r.reason) }] : []));
  return { sent: results.length - failed.length, failed };
}
