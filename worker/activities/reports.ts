import type { Runtime } from "../../src/domain/runtime";
import { deliverReportTo, planReportDelivery, type ReportRecipient, type ReportTrigger } from "../../src/domain/reports/deliver";
import { dueDigests, sendDigest } from "../../src/domain/reports/digest";

export function createReportActivities(rt: Runtime) {
  return {
    planReportDelivery: (reportId: string) => planReportDelivery(rt, reportId),
    deliverReportTo: (reportId: string, recipient: ReportRecipient, trigger: ReportTrigger, runAt: string) => deliverReportTo(rt, reportId, recipient, trigger, new Date(runAt)),
    dueDigests: (at: string) => dueDigests(rt, new Date(at)),
    sendDigest: (userId: string, at: string) => sendDigest(rt, userId, new Date(at)),
  };
}
