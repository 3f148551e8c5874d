import crypto from "node:crypto";
import { createClient } from "redis";
import type { ResultStore } from "./result-store";

const TTL_SECONDS = 10 * 60;
const PREFIX = "abi:q:";

/**
 * Analytics results in Redis, shared by every app process. Keys carry the data version, so
 * entries from before new data landed are simply never asked for again and expire by TTL.
 * A Redis outage degrades to no caching, never to an error on the dashboard.
 */
export class RedisStore implements ResultStore {
  private client: ReturnType<typeof createClient>;
  private ready: Promise<unknown>;

  constructor(url: string) {
    this.client = createClient({ url, socket: { connectTimeout: 2_000, reconnectStrategy: (n) => Math.min(n * 200, 5_000) } });
    this.client.on("error", () => undefined); // reconnects on its own; callers fall back to no cache
    this.ready = this.client.connect().catch(() => undefined);
  }

  private key(k: string): string {
    return PREFIX + crypto.createHash("sha256").update(k).digest("hex");
  }

  async get(key: string): Promise<unknown> {
    await this.ready;
    if (!this.client.isReady) return undefined;
    const raw = await this.client.get(this.key(key)).catch(() => null);
    return raw === null ? undefined : JSON.parse(raw);
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.ready;
    if (!this.client.isReady) return;
    await this.client.set(this.key(key), JSON.stringify(value), { EX: TTL_SECONDS }).catch(() => undefined);
  }

  /** Drops every cached result (new data landed); keys of old data versions would expire anyway. */
  async clear(): Promise<void> {
    await this.ready;
    if (!this.client.isReady) return;
    for await (const keys of this.client.scanIterator({ MATCH: `${PREFIX}*`, COUNT: 500 })) {
      if (keys.length) await this.client.del(keys).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => undefined);
  }
}
