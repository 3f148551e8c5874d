export { selfCheck } from "./self-check";
export { ingestSourceMonth } from "./ingest-source-month";
export { backfillSource } from "./backfill-source";
export { dailySourceIngest } from "./daily-source-ingest";
export { dataQualityMonitor } from "./data-quality-monitor";
export { ingestUpload } from "./ingest-upload";
export { evaluateAlerts } from "./evaluate-alerts";
