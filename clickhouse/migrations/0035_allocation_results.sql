-- Showback results (src/domain/allocation/compute.ts, docs/allocation.md): per month, team and
-- currency, direct cost (kind 'direct', rule_id '') and allocated cost (kind 'allocated', one
-- row per contributing rule version). Kept at the grain of the billing-scope columns of the
-- source rows, so the scope predicate (src/domain/analytics/scope.ts) applies on read exactly as
-- on focus_billing_data. Recomputed per month: built in a scratch copy, then REPLACE PARTITION.
CREATE TABLE IF NOT EXISTS allocation_results
(
  `month` Date,
  `team` String,
  `BillingCurrency` LowCardinality(String),
  `kind` LowCardinality(String),
  `rule_id` String,
  `rule_name` String,
  `rule_version` UInt32,
  `cost` Decimal(38, 18),
  `BillingAccountId` String,
  `SubAccountId` Nullable(String),
  `x_ResourceGroupName` Nullable(String),
  `Tags` Nullable(String)
)
ENGINE = MergeTree
PARTITION BY month
ORDER BY (month, team, BillingCurrency, kind, rule_id);
