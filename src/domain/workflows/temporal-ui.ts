/** Links into the Temporal Web UI (TEMPORAL_UI_URL); pure, so the browser builds them too. */

/** The namespace's page in the Temporal UI, or null when TEMPORAL_UI_URL is not set. */
export function temporalUiBase(env: { TEMPORAL_UI_URL?: string; TEMPORAL_NAMESPACE: string }): string | null {
  if (!env.TEMPORAL_UI_URL) return null;
  return `${env.TEMPORAL_UI_URL.replace(/\/+$/, "")}/namespaces/${encodeURIComponent(env.TEMPORAL_NAMESPACE)}`;
}

export const temporalUiExecution = (base: string, workflowId: string, runId: string) =>
  `${base}/workflows/${encodeURIComponent(workflowId)}/${encodeURIComponent(runId)}/history`;

export const temporalUiSchedule = (base: string, scheduleId: string) => `${base}/schedules/${encodeURIComponent(scheduleId)}`;
