import type { ClickHouseClient } from "@clickhouse/client";
import { dataVersion } from "./cache";
import { rollupsUsable } from "./freshness";
import { refreshRollups } from "./rollups";

/**
 * Starts a request's two bookkeeping readings together (rollup freshness, data version for the
 * result cache): its statements would otherwise read the version only after the freshness check
 * answered, one round trip after the other. Both are memoised and shared while in flight, so the
 * procedures of a batch start them once. Failures surface in the statement that awaits them.
 */
export function startAnalyticsRequest(ch: ClickHouseClient): void {
  void rollupsUsable(ch, (p) => refreshRollups(ch, p)).catch(() => undefined);
  void dataVersion(ch).catch(() => undefined);
}
