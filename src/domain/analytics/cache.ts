/**
 * Result cache of analytics queries, keyed by (query, params, data version): Redis when
 * REDIS_URL is set (shared by every app process), else an in-process LRU. The data version is
 * read from the active parts of the fact and rollup tables, so any swap, drop or rollup refresh
 * — in this process or a separate worker — changes it and old entries are never served.
 */
import type { ClickHouseClient } from "@clickhouse/client";
import { forgetInFlight, shareInFlight } from "./in-flight";
import { env } from "../runtime/env";
import { RedisStore } from "./redis-store";
import type { ResultStore } from "./result-store";

export type { ResultStore } from "./result-store";

export class LruStore implements ResultStore {
  private map = new Map<string, { value: unknown; at: number }>();
  constructor(
    private readonly max = 500,
    private readonly ttlMs = 10 * 60_000,
  ) {}
  get(key: string): unknown {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    this.map.delete(key);
    if (Date.now() - hit.at > this.ttlMs) return undefined;
    this.map.set(key, hit);
    return hit.value;
  }
  set(key: string, value: unknown): void {
    this.map.delete(key);
    this.map.set(key, { value, at: Date.now() });
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }
  clear(): void {
    this.map.clear();
  }
  get size(): number {
    return this.map.size;
  }
}

const STORE_KEY = Symbol.for("abi.analytics.resultStore");
const VERSION_KEY = Symbol.for("abi.analytics.dataVersion");
type Globals = Record<symbol, unknown>;

export function resultStore(): ResultStore {
  const g = globalThis as unknown as Globals;
  const redisUrl = env().REDIS_URL;
  g[STORE_KEY] ??= redisUrl ? new RedisStore(redisUrl) : new LruStore();
  return g[STORE_KEY] as ResultStore;
}

/** How long a data-version reading is reused (one cheap system.parts query per interval). */
const VERSION_MEMO_MS = 1_000;

export async function dataVersion(ch: ClickHouseClient): Promise<string> {
  const g = globalThis as unknown as Globals;
  const memo = g[VERSION_KEY] as { at: number; v: string } | undefined;
  if (memo && Date.now() - memo.at < VERSION_MEMO_MS) return memo.v;
  // the statements of one request start together: they share one reading instead of each running it
  return shareInFlight("dataVersion", async (isCurrent) => {
    const v = await readDataVersion(ch);
    if (isCurrent()) g[VERSION_KEY] = { at: Date.now(), v };
    return v;
  });
}

async function readDataVersion(ch: ClickHouseClient): Promise<string> {
  const rs = await ch.query({
    query: `SELECT toString(max(modification_time)) AS t, toString(count()) AS n, toString(sum(rows)) AS r, toString(max(max_block_number)) AS b
FROM system.parts WHERE database = currentDatabase() AND active
  AND table IN ('focus_billing_data', 'focus_daily_service', 'focus_daily_resource', 'fx_rates')`,
    format: "JSONEachRow",
  });
  const row = (await rs.json<{ t: string; n: string; r: string; b: string }>())[0];
  return row ? `${row.t}|${row.n}|${row.r}|${row.b}` : "empty";
}

/** Called when new data lands (refreshRollups does it); also drops the memoised version. */
export function invalidateResultCache(): void {
  const g = globalThis as unknown as Globals;
  delete g[VERSION_KEY];
  forgetInFlight("dataVersion"); // a reading started before the new data must not be memoised
  void resultStore().clear();
}
