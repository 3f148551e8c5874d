-- Daily rollups of focus_billing_data for the dashboards (src/domain/analytics/rollups.ts).
-- Same partitioning as the fact table, so refreshRollups(ch, {sourceId, billingMonth}) rebuilds
-- exactly the partition an ingest run replaced (materialized views would not see the
-- REPLACE PARTITION moves). Column names equal the fact table's, with ChargePeriodStart cut to
-- the day, so the analytics layer runs the same SQL on a rollup or on the raw table.
CREATE TABLE IF NOT EXISTS focus_daily_service
(
  `x_SourceId` String,
  `x_BillingMonth` Date,
  `ChargePeriodStart` DateTime('UTC'),
  `BillingCurrency` LowCardinality(String),
  `ChargeCategory` LowCardinality(String),
  `ChargeClass` LowCardinality(Nullable(String)),
  `ChargeFrequency` LowCardinality(String),
  `PricingCategory` LowCardinality(Nullable(String)),
  `ServiceCategory` LowCardinality(String),
  `ServiceSubcategory` LowCardinality(String),
  `ServiceName` LowCardinality(String),
  `ProviderName` LowCardinality(String),
  `PublisherName` LowCardinality(String),
  `InvoiceIssuerName` LowCardinality(String),
  `BillingAccountId` String,
  `BillingAccountName` Nullable(String),
  `SubAccountId` Nullable(String),
  `SubAccountName` Nullable(String),
  `x_ResourceGroupName` Nullable(String),
  `RegionId` LowCardinality(Nullable(String)),
  `RegionName` LowCardinality(Nullable(String)),
  `CommitmentDiscountCategory` LowCardinality(Nullable(String)),
  `CommitmentDiscountType` LowCardinality(Nullable(String)),
  `CommitmentDiscountStatus` LowCardinality(Nullable(String)),
  `x_SkuMeterCategory` LowCardinality(Nullable(String)),
  `BilledCost` Decimal(38, 18),
  `EffectiveCost` Decimal(38, 18),
  `ListCost` Decimal(38, 18),
  `ContractedCost` Decimal(38, 18),
  `RowCount` UInt64
)
ENGINE = MergeTree
PARTITION BY (x_SourceId, x_BillingMonth)
ORDER BY (ChargePeriodStart, ServiceCategory, ServiceName, BillingCurrency);

CREATE TABLE IF NOT EXISTS focus_daily_resource
(
  `x_SourceId` String,
  `x_BillingMonth` Date,
  `ChargePeriodStart` DateTime('UTC'),
  `BillingCurrency` LowCardinality(String),
  `ChargeCategory` LowCardinality(String),
  `PricingCategory` LowCardinality(Nullable(String)),
  `ServiceCategory` LowCardinality(String),
  `ServiceSubcategory` LowCardinality(String),
  `ServiceName` LowCardinality(String),
  `BillingAccountId` String,
  `BillingAccountName` Nullable(String),
  `SubAccountId` Nullable(String),
  `SubAccountName` Nullable(String),
  `x_ResourceGroupName` Nullable(String),
  `RegionName` LowCardinality(Nullable(String)),
  `ResourceId` Nullable(String),
  `ResourceName` Nullable(String),
  `ResourceType` LowCardinality(Nullable(String)),
  `CommitmentDiscountStatus` LowCardinality(Nullable(String)),
  `ConsumedUnit` LowCardinality(Nullable(String)),
  `Tags` Nullable(String),
  `BilledCost` Decimal(38, 18),
  `EffectiveCost` Decimal(38, 18),
  `ListCost` Decimal(38, 18),
  `ContractedCost` Decimal(38, 18),
  `ConsumedQuantity` Nullable(Decimal(38, 18)),
  `RowCount` UInt64
)
ENGINE = MergeTree
PARTITION BY (x_SourceId, x_BillingMonth)
ORDER BY (ChargePeriodStart, ServiceName, BillingCurrency, ifNull(ResourceId, ''))
SETTINGS allow_nullable_key = 0;
