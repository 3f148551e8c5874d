import type { Runtime } from "../runtime";
import { temporalClient } from "../runtime/temporal";
import { RUN_WORKFLOW_TYPES } from "./workflow-ids";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The Temporal workflow id of each run id (a run id is a Temporal run id for runs made by a
 * workflow), for links to the run detail page. Only UUIDs are put in the visibility query.
 */
export async function workflowIdsOfRuns(rt: Runtime, runIds: string[]): Promise<Map<string, string>> {
  const ids = runIds.filter((id) => UUID.test(id));
  const out = new Map<string, string>();
  if (ids.length === 0) return out;
  const client = await temporalClient(rt.env);
  const types = RUN_WORKFLOW_TYPES.map((t) => `'${t}'`).join(", ");
  const query = `WorkflowType IN (${types}) AND RunId IN (${ids.map((id) => `'${id}'`).join(", ")})`;
  for await (const info of client.workflow.list({ query, pageSize: 100 })) out.set(info.runId, info.workflowId);
  return out;
}
