/**
 * Keeps showback results in step with the fact data: when the data version (cache.ts: the active
 * parts of the fact and rollup tables) differs from the one the results were computed from in
 * this process, every month is recomputed once before the next read. Rule changes recompute
 * directly from their effective month (recomputeAllocations).
 */
import type { ClickHouseClient } from "@clickhouse/client";
import type { Db } from "../runtime/postgres";
import { dataVersion } from "../analytics/cache";
import { recomputeAllocations } from "./refresh";

const KEY = Symbol.for("abi.allocation.computedFrom");
type State = { version?: string; running?: Promise<void> };
const state = (): State => ((globalThis as unknown as Record<symbol, State>)[KEY] ??= {});

export async function ensureAllocationsFresh(db: Db, ch: ClickHouseClient): Promise<void> {
  const s = state();
  if (s.running) return s.running;
  const v = await dataVersion(ch);
  if (s.version === v) return;
  s.running = recomputeAllocations(db, ch)
    .then(() => {
      s.version = v;
    })
    .finally(() => {
      s.running = undefined;
    });
  return s.running;
}

/** Serialises a rule-change recompute with the freshness check. */
export async function recomputeAfterChange(db: Db, ch: ClickHouseClient, from: string): Promise<string[]> {
  const s = state();
  await s.running?.catch(() => undefined);
  return recomputeAllocations(db, ch, from);
}
