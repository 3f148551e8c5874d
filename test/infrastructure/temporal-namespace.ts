import type { Connection } from "@temporalio/client";
import { msToTs } from "@temporalio/common/lib/time";

/** A namespace of the test's own on the shared Temporal server, so its counts are only the test's. */
export async function registerTestNamespace(connection: Connection, namespace: string): Promise<void> {
  await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs("1 day") });
}
