/**
 * The workflows the worker registers (Temporal registers each by its export name). Every entry of
 * the contract (src/domain/workflows/contract.ts) must be exported here with its declared type:
 * `implemented` below fails type-checking when one is missing or its input/result drifts.
 */
import type { WorkflowFn, Workflows } from "../../src/domain/workflows/contract";
import { selfCheck } from "./self-check";
import { ingestSourceMonth } from "./ingest-source-month";
import { backfillSource } from "./backfill-source";
import { dailySourceIngest } from "./daily-source-ingest";
import { dataQualityMonitor } from "./data-quality-monitor";
import { ingestUpload } from "./ingest-upload";
import { rawArchiveCleanup } from "./raw-archive-cleanup";
import { backupNow, scheduledBackup } from "./backup";
import { evaluateAlerts } from "./evaluate-alerts";
import { deliverReport, weeklyDigest } from "./reports";

export { selfCheck, ingestSourceMonth, backfillSource, dailySourceIngest, dataQualityMonitor, ingestUpload, rawArchiveCleanup, backupNow, scheduledBackup, evaluateAlerts, deliverReport, weeklyDigest };

const implemented: { [K in keyof Workflows]: WorkflowFn<Workflows[K]> } = {
  selfCheck,
  ingestSourceMonth,
  backfillSource,
  dailySourceIngest,
  dataQualityMonitor,
  ingestUpload,
  rawArchiveCleanup,
  backupNow,
  scheduledBackup,
  evaluateAlerts,
  deliverReport,
  weeklyDigest,
};
void implemented;
