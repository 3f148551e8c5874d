-- FOCUS 1.3 Contract Commitment dataset (docs/contract-commitments.md): one row per commitment of a
-- contract (an Azure MACC, a savings-plan contract, ...). Partitioned by (source, file set) so a
-- re-load of the same files replaces their rows atomically, like the cost rows per (source, month).
CREATE TABLE IF NOT EXISTS focus_contract_commitments
(
  ContractId String,
  ContractCommitmentId String,
  ContractCommitmentCategory LowCardinality(String),
  ContractCommitmentType String,
  ContractCommitmentDescription Nullable(String),
  ContractCommitmentCost Nullable(Decimal(38, 18)),
  ContractCommitmentQuantity Nullable(Decimal(38, 18)),
  ContractCommitmentUnit Nullable(String),
  ContractCommitmentPeriodStart DateTime('UTC'),
  ContractCommitmentPeriodEnd DateTime('UTC'),
  ContractPeriodStart DateTime('UTC'),
  ContractPeriodEnd DateTime('UTC'),
  BillingCurrency Nullable(String),
  x_SourceId String,
  x_FileSet String,
  x_IngestRunId String,
  x_FileName String,
  x_RowNumber UInt64
)
ENGINE = MergeTree
PARTITION BY (x_SourceId, x_FileSet)
ORDER BY (ContractId, ContractCommitmentId);

-- Contract-commitment rows that failed a check, with the reasons in words and the raw source row.
CREATE TABLE IF NOT EXISTS focus_contract_commitment_quarantine
(
  x_SourceId String,
  x_FileSet String,
  x_IngestRunId String,
  file_name String,
  row_number UInt64,
  reasons Array(String),
  raw_row String,
  quarantined_at DateTime('UTC') DEFAULT now()
)
ENGINE = MergeTree
PARTITION BY (x_SourceId, x_FileSet)
ORDER BY (x_IngestRunId, file_name, row_number);
