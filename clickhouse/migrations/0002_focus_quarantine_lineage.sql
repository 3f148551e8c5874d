-- Rows that failed a row-level MUST rule, with the rule IDs and the raw source row (JSON object
-- of source header -> value). Partitioned like the fact table so a re-run replaces the
-- quarantine of its (source, month) together with the data.
CREATE TABLE IF NOT EXISTS focus_quarantine
(
  x_SourceId String,
  x_BillingMonth Date,
  x_IngestRunId String,
  file_name String,
  row_number UInt64,
  rule_ids Array(LowCardinality(String)),
  raw_row String,
  quarantined_at DateTime('UTC') DEFAULT now()
)
ENGINE = MergeTree
PARTITION BY (x_SourceId, x_BillingMonth)
ORDER BY (x_IngestRunId, file_name, row_number);

-- One row per ingest run; status updates insert a newer version (ReplacingMergeTree on updated_at).
-- JSON-valued columns hold small JSON documents written by src/domain/ingest/lineage.ts.
CREATE TABLE IF NOT EXISTS ingest_runs
(
  run_id String,
  source_id String,
  dataset LowCardinality(String),
  status LowCardinality(String),
  started_at DateTime64(3, 'UTC'),
  finished_at Nullable(DateTime64(3, 'UTC')),
  rows_in UInt64,
  rows_loaded UInt64,
  rows_quarantined UInt64,
  rows_excluded UInt64,
  months Array(Date),
  rule_summary String,
  lookup_fallbacks String,
  approximations Array(String),
  timings String,
  error Nullable(String),
  updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY run_id;

CREATE TABLE IF NOT EXISTS ingest_run_files
(
  run_id String,
  file_index UInt32,
  file_name String,
  file_path String,
  size_bytes UInt64,
  sha256 String,
  dataset LowCardinality(String),
  format LowCardinality(String),
  compression LowCardinality(String),
  rows UInt64,
  header_columns Array(String)
)
ENGINE = ReplacingMergeTree
ORDER BY (run_id, file_index);

-- Cost totals per run and currency: what the source files said (recipe-selected rows) and what
-- was loaded; conservation means source_cost = billed + quarantined billed, etc.
CREATE TABLE IF NOT EXISTS ingest_run_totals
(
  run_id String,
  currency LowCardinality(String),
  source_cost Decimal(38, 18),
  source_effective_cost Decimal(38, 18),
  billed_cost Decimal(38, 18),
  effective_cost Decimal(38, 18),
  quarantined_billed_cost Decimal(38, 18),
  quarantined_effective_cost Decimal(38, 18),
  excluded_cost Decimal(38, 18)
)
ENGINE = ReplacingMergeTree
ORDER BY (run_id, currency);

CREATE TABLE IF NOT EXISTS validation_results
(
  run_id String,
  rule_id LowCardinality(String),
  level LowCardinality(String),
  result LowCardinality(String),
  violations UInt64,
  details String,
  checked_at DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree(checked_at)
ORDER BY (run_id, rule_id);
