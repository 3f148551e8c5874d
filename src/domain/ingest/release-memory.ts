import type { ClickHouseClient } from "@clickhouse/client";
import { isEmbeddedClickHouse } from "./engine-mode";

/**
 * Embedded chDB shares this process: after a large step, hand the allocator's freed pages back to
 * the OS, so the next step's buffers do not stack on top of the previous step's (peak RSS stays
 * that of one step, not the sum). A server manages its own memory; engines without jemalloc refuse
 * the command, which is harmless.
 */
export async function releaseEngineMemory(ch: ClickHouseClient): Promise<void> {
  if (!isEmbeddedClickHouse(ch)) return;
  await ch.command({ query: "SYSTEM JEMALLOC PURGE" }).catch(() => undefined);
}
