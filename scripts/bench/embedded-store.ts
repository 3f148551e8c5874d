/**
 * A fresh embedded chDB store for a profiling script: a temporary data directory, migrated, with the
 * open reference data loaded; closed and deleted when `fn` ends (also when it throws).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ClickHouseClient } from "@clickhouse/client";
import { createClickHouse } from "../../src/domain/runtime/clickhouse";
import { parseEnv } from "../../src/domain/runtime/env";
import { migrateClickHouse } from "../../src/domain/runtime/clickhouse-migrations";
import { ensureOpenData } from "../../src/domain/focus/open-data";

export async function withEmbeddedStore<T>(prefix: string, fn: (ch: ClickHouseClient) => Promise<T>): Promise<T> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  const ch = createClickHouse(parseEnv({ ...process.env, ABI_DATA_DIR: dataDir, CLICKHOUSE_URL: "" }));
  try {
    await migrateClickHouse(ch, path.resolve("clickhouse/migrations"));
    await ensureOpenData(ch);
    return await fn(ch);
  } finally {
    await ch.close().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
