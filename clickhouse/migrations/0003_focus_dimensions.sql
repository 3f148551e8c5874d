-- Lookup tables from the Microsoft FinOps toolkit open data (MIT, clickhouse/open-data/LICENSE),
-- refreshed by loadOpenData() in src/domain/focus/open-data.ts (truncate + insert, so a newer
-- CSV replaces the old one). Keys are stored lower-case.
CREATE TABLE IF NOT EXISTS dim_service_categories
(
  ServiceCategory LowCardinality(String),
  ServiceSubcategory LowCardinality(String)
)
ENGINE = MergeTree
ORDER BY (ServiceCategory, ServiceSubcategory);

CREATE TABLE IF NOT EXISTS dim_services
(
  ConsumedService String,
  ResourceType String,
  ServiceName String,
  ServiceCategory LowCardinality(String),
  ServiceSubcategory LowCardinality(String),
  PublisherName String,
  PublisherType LowCardinality(String),
  Environment LowCardinality(String),
  ServiceModel LowCardinality(String)
)
ENGINE = MergeTree
ORDER BY (ResourceType, ConsumedService);

CREATE TABLE IF NOT EXISTS dim_resource_types
(
  ResourceType String,
  SingularDisplayName String,
  PluralDisplayName String,
  IsPreview Bool
)
ENGINE = MergeTree
ORDER BY ResourceType;

CREATE TABLE IF NOT EXISTS dim_regions
(
  OriginalValue String,
  RegionId String,
  RegionName String
)
ENGINE = MergeTree
ORDER BY OriginalValue;

CREATE TABLE IF NOT EXISTS dim_pricing_units
(
  UnitOfMeasure String,
  AccountTypes String,
  PricingBlockSize Decimal(38, 18),
  DistinctUnits String
)
ENGINE = MergeTree
ORDER BY UnitOfMeasure;

-- Accounts seen in loaded data, upserted after every successful run (latest name wins).
CREATE TABLE IF NOT EXISTS dim_billing_accounts
(
  BillingAccountId String,
  BillingAccountName Nullable(String),
  BillingAccountType Nullable(String),
  ProviderName String,
  x_SourceId String,
  updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY (x_SourceId, BillingAccountId);

CREATE TABLE IF NOT EXISTS dim_sub_accounts
(
  SubAccountId String,
  SubAccountName Nullable(String),
  SubAccountType Nullable(String),
  BillingAccountId String,
  x_SourceId String,
  updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY (x_SourceId, SubAccountId);
