import { workflows } from "../workflows/contract";

/** Workflow ids: a (source, month) has at most one run in flight, whoever started it. */
export const monthWorkflowId = (sourceId: string, month: string) => `ingest-${sourceId}-${month}`;
export const backfillWorkflowId = (sourceId: string, from: string, to: string, at: number) => `backfill-${sourceId}-${from}-${to}-${at}`;
export const uploadWorkflowId = (uploadId: string) => `upload-${uploadId}`;
export const scheduleId = (sourceId: string) => `daily-${sourceId}`;

/** The workflows that are ingestion runs (listed in the ingestion console). */
export const RUN_WORKFLOW_TYPES = [workflows.ingestSourceMonth.name, workflows.ingestUpload.name] as const;
