import type { Runtime } from "../../src/domain/runtime";
import { createSelfCheckActivities } from "./self-check";
import { createIngestionActivities } from "./ingestion";
import { createRawArchiveActivities } from "./raw-archive";
import { createBackupActivities } from "./backup";
import { createAlertActivities } from "./alerts";
import { createReportActivities } from "./reports";

/** Activities get their collaborators from here, so tests can hand in another runtime. */
export function createActivities(rt: Runtime) {
  return {
    ...createSelfCheckActivities(rt),
    ...createIngestionActivities(rt),
    ...createRawArchiveActivities(rt),
    ...createBackupActivities(rt),
    ...createAlertActivities(rt),
    ...createReportActivities(rt),
  };
}

export type Activities = ReturnType<typeof createActivities>;
