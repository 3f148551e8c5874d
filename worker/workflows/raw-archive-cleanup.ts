import { proxyActivities } from "@temporalio/workflow";
import type { Activities } from "../activities";

const { cleanupRawArchive } = proxyActivities<Activities>({ startToCloseTimeout: "1 hour", retry: { maximumAttempts: 3 } });

/** Daily: deletes the raw files of runs older than their source's retention days. */
export async function rawArchiveCleanup() {
  return cleanupRawArchive();
}
