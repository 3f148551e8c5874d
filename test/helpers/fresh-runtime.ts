import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { resetEnvCache } from "~/domain/runtime/env";
import { openRuntime, type Runtime } from "~/domain/runtime";

/**
 * A real embedded runtime (chDB + PGlite, migrations applied) in a new temporary data directory,
 * whatever server variables the calling shell has: no ClickHouse/PostgreSQL server, no Redis
 * cache. `unset` names further variables the test wants at their defaults.
 */
export async function freshEmbeddedRuntime(name: string, unset: string[] = []): Promise<Runtime> {
  process.env.ABI_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), `abi-${name}-`));
  for (const v of ["CLICKHOUSE_URL", "DATABASE_URL", "REDIS_URL", ...unset]) delete process.env[v];
  resetEnvCache();
  return openRuntime({ migrate: true });
}
