import { createClient } from "redis";
import { resultCacheCounts } from "../../metrics/registry";
import type { ProbeResult } from "./types";

/** Redis version and memory used (INFO), and the result cache's hit rate as this app process counted it. */
export async function redisProbe(url: string, timeoutMs: number): Promise<ProbeResult> {
  const client = createClient({ url, socket: { connectTimeout: timeoutMs, reconnectStrategy: false } });
  client.on("error", () => undefined); // surfaced through connect()/info() rejections
  try {
    await client.connect();
    const info = await client.info();
    const field = (name: string) => new RegExp(`^${name}:([^\\r\\n]+)`, "m").exec(info)?.[1];
    const { hits, misses } = await resultCacheCounts();
    return {
      version: field("redis_version"),
      details: {
        "memory used": Number(field("used_memory") ?? 0),
        "result cache hits": hits,
        "result cache misses": misses,
        "result cache hit rate": hits + misses ? `${((100 * hits) / (hits + misses)).toFixed(1)} % (this app process)` : "no queries yet",
      },
    };
  } finally {
    client.destroy();
  }
}
