import { checkHealth, type HealthReport } from "../runtime/health";
import type { Command } from "./types";

/** The full health report (versions, modes, errors): for `abi health`, never for the public. */
export const healthCommand: Command<Record<string, never>, HealthReport> = {
  name: "health",
  run: (rt) => checkHealth({ env: rt.env, clickhouse: rt.ch, db: rt.db, temporal: rt.temporal }),
};
