-- Commitment ids, names and pricing quantity in the daily service rollup, so the commitments
-- page and the unused-commitment recommendation run on it too. Emptying the build state marks
-- every partition stale: dashboards read the raw table until the rollups are rebuilt with the
-- new columns (done in the background, see src/domain/analytics/freshness.ts).
ALTER TABLE focus_daily_service ADD COLUMN IF NOT EXISTS `CommitmentDiscountId` Nullable(String) AFTER `CommitmentDiscountStatus`;
ALTER TABLE focus_daily_service ADD COLUMN IF NOT EXISTS `CommitmentDiscountName` Nullable(String) AFTER `CommitmentDiscountId`;
ALTER TABLE focus_daily_service ADD COLUMN IF NOT EXISTS `PricingQuantity` Nullable(Decimal(38, 18)) AFTER `ContractedCost`;
TRUNCATE TABLE analytics_rollup_state;
