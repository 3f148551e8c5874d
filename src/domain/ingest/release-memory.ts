import type { ClickHouseClient } from "@clickhouse/client";
import { isEmbeddedClickHouse } from "./engine-mode";

/**
 * Embedded chDB shares this process: after each file's staging or conversion, hand the allocator's
 * freed pages back to the OS, so the next file's buffers do not stack on top of the previous one's
 * (peak RSS stays that of one statement, not of the whole run). Costs ~0.1 s. A server manages its own memory; engines without jemalloc refuse
 * the command, which is harmless.
 */
export async function releaseEngineMemory(ch: ClickHouseClient): Promise<void> {
  if (!isEmbeddedClickHouse(ch)) return;
  await ch.command({ query: "SYSTEM JEMALLOC PURGE" }).catch(() => undefined);
}
