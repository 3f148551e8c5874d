-- The plugin id and version each ingestion run ran with (issue 11, step 2). A table beside
-- ingest_runs rather than two columns in it: ingest_runs rows are rewritten whole at the start and
-- end of a run (ReplacingMergeTree), by code that does not know the plugin; this row is written
-- once, when the run loads its plugin (src/domain/ingestion/run-plugin.ts).
CREATE TABLE IF NOT EXISTS ingest_run_plugins
(
  run_id String,
  plugin_id LowCardinality(String),
  plugin_version String,
  recorded_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(recorded_at)
ORDER BY run_id;
