/**
 * Rollup tables (clickhouse/migrations/0010): daily sums by the dimensions the dashboards use.
 * Rebuilt per (source, billing month) right after an ingest swap, the same unit the swap
 * replaces: build into a scratch copy, then REPLACE PARTITION (atomic), or DROP PARTITION when
 * the month has no rows any more.
 */
import crypto from "node:crypto";
import type { ClickHouseClient } from "@clickhouse/client";
import { invalidateResultCache } from "./cache";
import { factPartitionToken, recordRollupState, resetRollupFreshness } from "./freshness";

export const SERVICE_ROLLUP = "focus_daily_service";
export const RESOURCE_ROLLUP = "focus_daily_resource";

const COST_SUMS: [string, string][] = [
  ["BilledCost", "sum(BilledCost)"],
  ["EffectiveCost", "sum(EffectiveCost)"],
  ["ListCost", "sum(ListCost)"],
  ["ContractedCost", "sum(ContractedCost)"],
];

/** Grouping columns of each rollup (besides x_SourceId, x_BillingMonth, ChargePeriodStart). */
export const ROLLUPS = {
  [SERVICE_ROLLUP]: {
    dims: [
      "BillingCurrency", "ChargeCategory", "ChargeClass", "ChargeFrequency", "PricingCategory", "ServiceCategory",
      "ServiceSubcategory", "ServiceName", "ProviderName", "PublisherName", "InvoiceIssuerName", "BillingAccountId",
      "BillingAccountName", "SubAccountId", "SubAccountName", "x_ResourceGroupName", "RegionId", "RegionName",
      "CommitmentDiscountCategory", "CommitmentDiscountType", "CommitmentDiscountStatus", "CommitmentDiscountId",
      "CommitmentDiscountName", "x_SkuMeterCategory",
    ],
    sums: [...COST_SUMS, ["PricingQuantity", "sum(PricingQuantity)"], ["RowCount", "count()"]] as [string, string][],
  },
  [RESOURCE_ROLLUP]: {
    dims: [
      "BillingCurrency", "ChargeCategory", "PricingCategory", "ServiceCategory", "ServiceSubcategory", "ServiceName",
      "BillingAccountId", "BillingAccountName", "SubAccountId", "SubAccountName", "x_ResourceGroupName", "RegionName",
      "ResourceId", "ResourceName", "ResourceType", "CommitmentDiscountStatus", "CommitmentDiscountId", "CommitmentDiscountName",
      "CommitmentDiscountType", "ConsumedUnit", "Tags",
    ],
    sums: [...COST_SUMS, ["ConsumedQuantity", "sum(ConsumedQuantity)"], ["RowCount", "count()"]] as [string, string][],
  },
} as const;
export type RollupTable = keyof typeof ROLLUPS;

/**
 * The GROUP BY spills to disk above this. The resource rollup keeps ~0.8 groups per fact row (18
 * text keys incl. Tags), so at 256 MiB a 500k-row month already spilled and merged its spill files:
 * 3.4–6.2 s instead of 2.5–3.1 s (docs/benchmarks.md, issue 15). 1 GiB keeps a typical month in
 * memory; the rollups run after the conversion has released its ~1.4 GB, so the ingest's peak
 * stays the conversion's, and larger months still spill rather than grow without bound.
 */
const EXTERNAL_GROUP_BY_BYTES = 1024 * 1024 * 1024;

/** Rebuilds every rollup's partition for one (source, billing month) from focus_billing_data. */
export async function refreshRollups(ch: ClickHouseClient, p: { sourceId: string; billingMonth: string }): Promise<void> {
  const params = { s: p.sourceId, m: p.billingMonth };
  // read the fact partition's token first: a swap during the build then shows up as stale
  const fact = await factPartitionToken(ch, p);
  for (const [table, def] of Object.entries(ROLLUPS)) {
    if (!fact) {
      await ch.command({ query: `ALTER TABLE ${table} DROP PARTITION ({s:String}, {m:Date})`, query_params: params });
      continue;
    }
    const scratch = `${table}_build_${crypto.randomBytes(6).toString("hex")}`;
    await ch.command({ query: `CREATE TABLE ${scratch} AS ${table}` });
    try {
      const dims = def.dims.join(", ");
      const sumCols = def.sums.map(([c]) => c).join(", ");
      const sumExprs = def.sums.map(([c, e]) => `${e} AS s_${c}`).join(", ");
      await ch.command({
        query: `INSERT INTO ${scratch} (x_SourceId, x_BillingMonth, ChargePeriodStart, ${dims}, ${sumCols})
SELECT x_SourceId, x_BillingMonth, toStartOfDay(ChargePeriodStart) AS Day, ${dims}, ${sumExprs}
FROM focus_billing_data WHERE x_SourceId = {s:String} AND x_BillingMonth = {m:Date}
GROUP BY x_SourceId, x_BillingMonth, Day, ${dims}
SETTINGS max_bytes_before_external_group_by = ${EXTERNAL_GROUP_BY_BYTES}, min_insert_block_size_rows = 262144, min_insert_block_size_bytes = 67108864`,
        query_params: params,
      });
      await ch.command({ query: `ALTER TABLE ${table} REPLACE PARTITION ({s:String}, {m:Date}) FROM ${scratch}`, query_params: params });
    } finally {
      await ch.command({ query: `DROP TABLE IF EXISTS ${scratch}` });
    }
  }
  await recordRollupState(ch, p, fact);
  resetRollupFreshness();
  invalidateResultCache();
}

/** Rebuilds all rollups from scratch (backfill, benchmarks); drops partitions with no fact rows. */
export async function rebuildAllRollups(ch: ClickHouseClient): Promise<number> {
  const rs = await ch.query({
    query: `SELECT DISTINCT x_SourceId AS s, toString(x_BillingMonth) AS m FROM (
      SELECT x_SourceId, x_BillingMonth FROM focus_billing_data
      UNION ALL SELECT x_SourceId, x_BillingMonth FROM ${SERVICE_ROLLUP}
      UNION ALL SELECT x_SourceId, x_BillingMonth FROM ${RESOURCE_ROLLUP}) ORDER BY s, m`,
    format: "JSONEachRow",
  });
  const parts = await rs.json<{ s: string; m: string }>();
  for (const p of parts) await refreshRollups(ch, { sourceId: p.s, billingMonth: p.m });
  return parts.length;
}
