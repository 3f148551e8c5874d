-- Quarantined rows keep their money and the columns the billing-scope predicate reads (issue 10,
-- item 3): dashboards show a "quarantined cost" note for the selected range within the user's scope
-- (src/domain/analytics/quarantine.ts). Values are the converter's, null where it could not derive one.
ALTER TABLE focus_quarantine ADD COLUMN IF NOT EXISTS BillingCurrency Nullable(String);
ALTER TABLE focus_quarantine ADD COLUMN IF NOT EXISTS BilledCost Nullable(Decimal(38, 18));
ALTER TABLE focus_quarantine ADD COLUMN IF NOT EXISTS EffectiveCost Nullable(Decimal(38, 18));
ALTER TABLE focus_quarantine ADD COLUMN IF NOT EXISTS x_SourceCost Nullable(Decimal(38, 18));
ALTER TABLE focus_quarantine ADD COLUMN IF NOT EXISTS ChargePeriodStart Nullable(DateTime('UTC'));
ALTER TABLE focus_quarantine ADD COLUMN IF NOT EXISTS BillingAccountId Nullable(String);
ALTER TABLE focus_quarantine ADD COLUMN IF NOT EXISTS SubAccountId Nullable(String);
ALTER TABLE focus_quarantine ADD COLUMN IF NOT EXISTS x_ResourceGroupName Nullable(String);
ALTER TABLE focus_quarantine ADD COLUMN IF NOT EXISTS Tags Nullable(String);

-- Per run, billing period and currency: the file's total (source cost of the rows the recipe takes)
-- against what was loaded and what was quarantined, so a run shows that its money is accounted for.
CREATE TABLE IF NOT EXISTS ingest_run_period_totals
(
  run_id String,
  billing_month Date,
  currency LowCardinality(String),
  rows UInt64,
  quarantined_rows UInt64,
  file_cost Decimal(38, 18),
  loaded_source_cost Decimal(38, 18),
  quarantined_source_cost Decimal(38, 18),
  billed_cost Decimal(38, 18),
  effective_cost Decimal(38, 18),
  quarantined_billed_cost Decimal(38, 18),
  quarantined_effective_cost Decimal(38, 18),
  -- rows whose cost cell is not a number: their money cannot be counted on either side (see the quarantine)
  unreadable_cost_rows UInt64
)
ENGINE = ReplacingMergeTree
ORDER BY (run_id, billing_month, currency);
