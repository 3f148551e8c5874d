import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { createClient } from "redis";

export type LimiterSpec = {
  /** Distinguishes the counters of one limiter from another's (also in Redis). */
  name: string;
  points: number;
  durationSeconds: number;
  blockSeconds?: number;
};

type RedisClient = ReturnType<typeof createClient>;
const redisClients = new Map<string, RedisClient>();

function redisClient(url: string): RedisClient {
  let client = redisClients.get(url);
  if (!client) {
    client = createClient({ url, socket: { connectTimeout: 2_000, reconnectStrategy: (n) => Math.min(n * 200, 5_000) } });
    client.on("error", () => undefined); // reconnects on its own; the in-process insurance limiter answers meanwhile
    void client.connect().catch(() => undefined);
    redisClients.set(url, client);
  }
  return client;
}

/**
 * A rate limiter shared by every app process through Redis when `redisUrl` is set, else in this
 * process. A Redis outage falls back to an in-process limiter, never to "no limit" or an error.
 */
export function createLimiter(spec: LimiterSpec, redisUrl?: string): RateLimiterAbstract {
  const opts = { keyPrefix: `abi:rl:${spec.name}`, points: spec.points, duration: spec.durationSeconds, blockDuration: spec.blockSeconds ?? 0 };
  const memory = new RateLimiterMemory(opts);
  if (!redisUrl) return memory;
  return new RateLimiterRedis({ ...opts, storeClient: redisClient(redisUrl), useRedisPackage: true, rejectIfRedisNotReady: true, insuranceLimiter: memory });
}

export async function closeLimiterConnections(): Promise<void> {
  const clients = [...redisClients.values()];
  redisClients.clear();
  await Promise.all(clients.map((c) => c.quit().catch(() => undefined)));
}

export type Consumed = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Takes points from `key`; a refusal says how long until the next point is free (at least 1 s). */
export async function consume(limiter: RateLimiterAbstract, key: string, points = 1): Promise<Consumed> {
  try {
    await limiter.consume(key, points);
    return { ok: true };
  } catch (e) {
    if (e instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(e.msBeforeNext / 1000)) };
    throw e;
  }
}

/** Seconds until `key` is under its limit again (0: not at its limit), without taking a point. */
export async function blockedFor(limiter: RateLimiterAbstract, key: string): Promise<number> {
  const res = await limiter.get(key);
  if (!res || res.consumedPoints < limiter.points) return 0;
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}
