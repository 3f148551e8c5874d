-- Reporting currency (issue 14, item 3): daily exchange rates, `rate` units of `quote` per 1 `base`
-- (the ECB reference rates are per 1 EUR). Decimal, never float: conversions are exact to the cent.
-- One row per (base, quote, day); a re-import of the same day replaces the row (ReplacingMergeTree
-- keyed on it, read with FINAL). Conversion: src/domain/currency/convert.ts.
CREATE TABLE IF NOT EXISTS fx_rates
(
  date Date,
  base LowCardinality(String),
  quote LowCardinality(String),
  rate Decimal(38, 18),
  source String,
  imported_at DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree(imported_at)
ORDER BY (base, quote, date);
