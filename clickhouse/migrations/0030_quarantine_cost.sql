-- Quarantined rows keep their money and the columns the billing-scope predicate reads (issue 10,
-- item 3): dashboards show a "quarantined cost" note for the selected range within the user's scope
-- (src/domain/analytics/quarantine.ts). Values are the converter's, null where it could not derive one.
ALTER TABLE focus_quarantine ADD COLUMN IF NOT EXISTS BillingCurrency Nullable(String);
ALTER TABLE focus_quarantine ADD COLUMN IF NOT EXISTS BilledCost Nullable(Decimal(38, 18));
ALTER TABLE focus_quarantine ADD COLUMN IF NOT EXISTS EffectiveCost Nullable(Decimal(38, 18));
ALTER TABLE focus_quarantine ADD COLUMN IF NOT EXISTS x_SourceCost Nullable(Decimal(38, 18));
ALTER TABLE focus_quarantine ADD COLUMN IF NOT EXISTS ChargePeriodStart Nullable(DateTime('UTC'));
ALTER TABLE focus_quarantine ADD COLUMN IF NOT EXISTS BillingAccountId Nullable(String);
ALTER TABLE focus_quarantine ADD COLUMN IF NOT EXISTS SubAccountId Nullable(String);
ALTER TABLE focus_quarantine ADD COLUMN IF NOT EXISTS x_ResourceGroupName Nullable(String);
ALTER TABLE focus_quarantine ADD COLUMN IF NOT EXISTS Tags Nullable(String);
