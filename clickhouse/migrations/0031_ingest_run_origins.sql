-- Runs made outside Temporal (`abi ingest`, `abi seed`): which command made each run, so the
-- ingestion console lists them beside the Temporal runs (src/domain/ingestion/direct-runs.ts).
-- The run's lineage (status, rows, files, totals, validation) is in ingest_runs & co. as for any run.
CREATE TABLE IF NOT EXISTS ingest_run_origins
(
  run_id String,
  origin LowCardinality(String),
  source_id String,
  started_at DateTime64(3, 'UTC'),
  detail String DEFAULT ''
)
ENGINE = ReplacingMergeTree
ORDER BY run_id;
