/**
 * Are the rollups built from the current fact data? Each refreshRollups records the fact
 * partition's token (max block number + row count of its active parts: unchanged by merges,
 * changed by any insert, swap or drop). Dashboards use the rollups only when every partition
 * matches; otherwise they read the raw table and the stale partitions are rebuilt in the
 * background — so a swap that nobody followed with refreshRollups never shows wrong numbers.
 */
import type { ClickHouseClient } from "@clickhouse/client";
import { forgetInFlight, shareInFlight } from "./in-flight";

export type PartitionRef = { sourceId: string; billingMonth: string };
export type RollupFreshness = { fresh: boolean; stale: PartitionRef[] };

type Json = Record<string, string>;
async function rows<T = Json>(ch: ClickHouseClient, query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const rs = await ch.query({ query, query_params: params, format: "JSONEachRow" });
  return rs.json<T>();
}

const TOKEN = "concat(toString(max(max_block_number)), ':', toString(sum(rows)))";

/** The fact partition's id and token for (source, month), or null when it has no rows. */
export async function factPartitionToken(ch: ClickHouseClient, p: PartitionRef): Promise<{ pid: string; token: string } | null> {
  const [hit] = await rows<{ pid: string }>(
    ch,
    "SELECT _partition_id AS pid FROM focus_billing_data WHERE x_SourceId = {s:String} AND x_BillingMonth = {m:Date} LIMIT 1",
    { s: p.sourceId, m: p.billingMonth },
  );
  if (!hit) return null;
  const [t] = await rows<{ token: string }>(
    ch,
    `SELECT ${TOKEN} AS token FROM system.parts WHERE database = currentDatabase() AND table = 'focus_billing_data' AND active AND partition_id = {pid:String}`,
    { pid: hit.pid },
  );
  return { pid: hit.pid, token: t?.token ?? "" };
}

export async function recordRollupState(ch: ClickHouseClient, p: PartitionRef, fact: { pid: string; token: string } | null): Promise<void> {
  await ch.insert({
    table: "analytics_rollup_state",
    values: [{ x_SourceId: p.sourceId, x_BillingMonth: p.billingMonth, fact_partition_id: fact?.pid ?? "", fact_token: fact?.token ?? "none" }],
    format: "JSONEachRow",
  });
}

export async function rollupFreshness(ch: ClickHouseClient): Promise<RollupFreshness> {
  const [facts, states] = await Promise.all([
    rows<{ pid: string; token: string }>(
      ch,
      `SELECT partition_id AS pid, ${TOKEN} AS token FROM system.parts
       WHERE database = currentDatabase() AND table = 'focus_billing_data' AND active GROUP BY partition_id`,
    ),
    rows<{ s: string; m: string; pid: string; token: string }>(
      ch,
      "SELECT x_SourceId AS s, toString(x_BillingMonth) AS m, fact_partition_id AS pid, fact_token AS token FROM analytics_rollup_state FINAL",
    ),
  ]);
  const built = new Map(states.filter((s) => s.token !== "none").map((s) => [s.pid, s]));
  const factIds = new Set(facts.map((f) => f.pid));
  const stalePids = facts.filter((f) => built.get(f.pid)?.token !== f.token).map((f) => f.pid);
  const stale: PartitionRef[] = states.filter((s) => s.token !== "none" && !factIds.has(s.pid)).map((s) => ({ sourceId: s.s, billingMonth: s.m }));
  if (stalePids.length) {
    const refs = await rows<{ s: string; m: string }>(
      ch,
      "SELECT DISTINCT x_SourceId AS s, toString(x_BillingMonth) AS m FROM focus_billing_data WHERE _partition_id IN {pids:Array(String)}",
      { pids: stalePids },
    );
    stale.push(...refs.map((r) => ({ sourceId: r.s, billingMonth: r.m })));
  }
  return { fresh: stale.length === 0, stale };
}

const MEMO_KEY = Symbol.for("abi.analytics.rollupFreshness");
const MEMO_MS = 1_000;
type Memo = { at: number; fresh: boolean; refreshing?: Promise<void> };

/**
 * True when the rollups can be used. When they are stale, starts one background rebuild of the
 * stale partitions (per process) and answers false until it is done.
 */
export async function rollupsUsable(ch: ClickHouseClient, rebuild: (p: PartitionRef) => Promise<void>): Promise<boolean> {
  const g = globalThis as unknown as Record<symbol, Memo | undefined>;
  const memo = g[MEMO_KEY];
  if (memo && Date.now() - memo.at < MEMO_MS) return memo.fresh;
  // every statement of a request asks at once: they share one check (three statements) instead of each running it
  return shareInFlight("rollupFreshness", () => checkRollups(ch, rebuild));
}

async function checkRollups(ch: ClickHouseClient, rebuild: (p: PartitionRef) => Promise<void>): Promise<boolean> {
  const g = globalThis as unknown as Record<symbol, Memo | undefined>;
  const f = await rollupFreshness(ch);
  const memo = g[MEMO_KEY];
  const next: Memo = { at: Date.now(), fresh: f.fresh, refreshing: memo?.refreshing };
  if (!f.fresh && !next.refreshing) {
    console.warn(`abi analytics: rollups are stale for ${f.stale.length} (source, month) partition(s); using the raw table while they are rebuilt`);
    next.refreshing = (async () => {
      for (const p of f.stale) await rebuild(p);
    })()
      .catch((e) => console.error("abi analytics: rollup rebuild failed:", e))
      .finally(() => {
        const cur = g[MEMO_KEY];
        if (cur) g[MEMO_KEY] = { at: 0, fresh: false };
      });
  }
  g[MEMO_KEY] = next;
  return f.fresh;
}

/** Waits for a background rollup rebuild started by rollupsUsable (tests, CLI). */
export async function settleRollups(): Promise<void> {
  const g = globalThis as unknown as Record<symbol, Memo | undefined>;
  await g[MEMO_KEY]?.refreshing;
}

/** Forget the memoised answer (after refreshRollups). */
export function resetRollupFreshness(): void {
  const g = globalThis as unknown as Record<symbol, Memo | undefined>;
  delete g[MEMO_KEY];
  forgetInFlight("rollupFreshness"); // a check started before the refresh must not answer for after it
}
