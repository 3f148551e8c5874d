-- Commitment id, name and type in the daily resource rollup, so a user scoped by a tag value
-- (tags live only in this rollup) reads commitments.utilisation from it instead of the raw table.
-- A resource is covered by one commitment, so this adds few groups. Emptying the build state marks
-- every partition stale: dashboards read the raw table until the rollups are rebuilt with the
-- new columns (done in the background, see src/domain/analytics/freshness.ts).
ALTER TABLE focus_daily_resource ADD COLUMN IF NOT EXISTS `CommitmentDiscountId` Nullable(String) AFTER `CommitmentDiscountStatus`;
ALTER TABLE focus_daily_resource ADD COLUMN IF NOT EXISTS `CommitmentDiscountName` Nullable(String) AFTER `CommitmentDiscountId`;
ALTER TABLE focus_daily_resource ADD COLUMN IF NOT EXISTS `CommitmentDiscountType` LowCardinality(Nullable(String)) AFTER `CommitmentDiscountName`;
TRUNCATE TABLE analytics_rollup_state;
