/** Workflow ids: a (source, month) has at most one run in flight, whoever started it. */
export const monthWorkflowId = (sourceId: string, month: string) => `ingest-${sourceId}-${month}`;
export const backfillWorkflowId = (sourceId: string, from: string, to: string, at: number) => `backfill-${sourceId}-${from}-${to}-${at}`;
export const uploadWorkflowId = (uploadId: string) => `upload-${uploadId}`;
export const scheduleId = (sourceId: string) => `daily-${sourceId}`;

export const RUN_WORKFLOW_TYPES = ["ingestSourceMonth", "ingestUpload"] as const;
