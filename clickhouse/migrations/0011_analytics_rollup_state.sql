-- Which state of each focus_billing_data partition the rollups were built from
-- (src/domain/analytics/freshness.ts). fact_token = max block number and row count of the
-- partition's active parts: stable across merges, changed by any insert, swap or drop.
-- A partition whose token differs (or that has no row here) is stale: dashboards read the raw
-- table for it until refreshRollups has rebuilt it.
CREATE TABLE IF NOT EXISTS analytics_rollup_state
(
  `x_SourceId` String,
  `x_BillingMonth` Date,
  `fact_partition_id` String,
  `fact_token` String,
  `built_at` DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(built_at)
ORDER BY (x_SourceId, x_BillingMonth);
