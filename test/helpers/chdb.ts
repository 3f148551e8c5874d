import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClickHouse } from "~/domain/runtime/clickhouse";
import { parseEnv } from "~/domain/runtime/env";
import { migrateClickHouse } from "~/domain/runtime/clickhouse-migrations";

/** A real chDB engine on a fresh temporary directory, with every project migration applied. */
export async function freshClickHouse(opts: { migrate?: boolean } = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-test-"));
  const e = parseEnv({ ...process.env, ABI_DATA_DIR: dataDir, CLICKHOUSE_URL: "" });
  const ch = createClickHouse(e);
  if (opts.migrate !== false) await migrateClickHouse(ch, path.resolve("clickhouse/migrations"));
  return { ch, dataDir, env: e };
}
