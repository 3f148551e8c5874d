-- Per-run daily snapshot of a (source, month) by service, taken when the run swaps its data in.
-- The data-quality monitor diffs a run's snapshot with the previous run's to find restatements
-- (Azure keeps revising a month for days after it ends).
CREATE TABLE IF NOT EXISTS ingest_run_daily_totals
(
  run_id String,
  source_id String,
  billing_month Date,
  day Date,
  service_name String,
  currency LowCardinality(String),
  billed_cost Decimal(38, 18),
  effective_cost Decimal(38, 18),
  captured_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
ORDER BY (source_id, billing_month, run_id, day, service_name);

CREATE TABLE IF NOT EXISTS restatements
(
  run_id String,
  previous_run_id String,
  source_id String,
  billing_month Date,
  day Date,
  service_name String,
  currency LowCardinality(String),
  billed_before Decimal(38, 18),
  billed_after Decimal(38, 18),
  effective_before Decimal(38, 18),
  effective_after Decimal(38, 18),
  detected_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
ORDER BY (source_id, billing_month, run_id, day, service_name);
