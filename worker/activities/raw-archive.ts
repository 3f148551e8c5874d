import type { Runtime } from "../../src/domain/runtime";
import { cleanupExpiredArchives } from "../../src/domain/storage/raw-archive";

export function createRawArchiveActivities(rt: Runtime) {
  return {
    async cleanupRawArchive() {
      const r = await cleanupExpiredArchives(rt);
      return { runs: r.runs.length, objects: r.objects };
    },
  };
}
