import type { ClickHouseClient } from "@clickhouse/client";
import { rebuildAllRollups } from "~/domain/analytics/rollups";
import { importEcbCsv } from "~/domain/currency/rates";
import { freshClickHouse } from "../helpers/chdb";

/**
 * Test fixture builder: FOCUS rows with sensible defaults, inserted straight into
 * focus_billing_data (the analytics tests need exact, hand-checkable series that no export
 * file has). Money is given as decimal strings.
 */
export type FocusRowInput = {
  day: string;
  cost: string;
  service?: string;
  category?: string;
  subcategory?: string;
  currency?: string;
  subAccount?: string;
  resourceGroup?: string;
  resourceId?: string;
  meter?: string;
  region?: string;
  tags?: Record<string, string>;
  list?: string;
  contracted?: string;
  billed?: string;
  chargeCategory?: string;
  commitment?: { id: string; name: string; type: "Reservation" | "Savings Plan"; status: "Used" | "Unused" | null };
  pricingCategory?: string;
  quantity?: string | null;
  unit?: string;
  source?: string;
  billingAccount?: string;
};

export function focusRow(r: FocusRowInput): Record<string, unknown> {
  const month = `${r.day.slice(0, 7)}-01`;
  const next = new Date(Date.parse(`${r.day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const y = Number(r.day.slice(0, 4));
  const m = Number(r.day.slice(5, 7));
  const monthEnd = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
  const resourceId = r.resourceId ?? `/subscriptions/${r.subAccount ?? "sub-a"}/resourcegroups/${r.resourceGroup ?? "rg-app"}/providers/x/${r.service ?? "Virtual Machines"}`;
  return {
    BilledCost: r.billed ?? r.cost,
    EffectiveCost: r.cost,
    ListCost: r.list ?? r.cost,
    ContractedCost: r.contracted ?? r.list ?? r.cost,
    BillingAccountId: r.billingAccount ?? "ba-1",
    BillingAccountName: `Account ${r.billingAccount ?? "ba-1"}`,
    BillingCurrency: r.currency ?? "EUR",
    BillingPeriodStart: `${month} 00:00:00`,
    BillingPeriodEnd: `${monthEnd} 00:00:00`,
    ChargeCategory: r.chargeCategory ?? "Usage",
    ChargeFrequency: r.chargeCategory === "Purchase" ? "One-Time" : "Usage-Based",
    ChargePeriodStart: `${r.day} 00:00:00`,
    ChargePeriodEnd: `${next} 00:00:00`,
    CommitmentDiscountId: r.commitment?.id ?? null,
    CommitmentDiscountName: r.commitment?.name ?? null,
    CommitmentDiscountType: r.commitment?.type ?? null,
    CommitmentDiscountStatus: r.commitment?.status ?? null,
    ConsumedQuantity: r.quantity === undefined ? "1" : r.quantity,
    ConsumedUnit: r.unit ?? "Hours",
    InvoiceIssuerName: "Microsoft",
    PricingCategory: r.pricingCategory ?? (r.commitment?.status === "Used" ? "Committed" : "Standard"),
    ProviderName: "Microsoft",
    PublisherName: "Microsoft",
    RegionName: r.region ?? "West Europe",
    ResourceId: resourceId,
    ResourceName: resourceId.split("/").at(-1),
    ServiceCategory: r.category ?? "Compute",
    ServiceSubcategory: r.subcategory ?? "Virtual Machines",
    ServiceName: r.service ?? "Virtual Machines",
    SubAccountId: r.subAccount ?? "sub-a",
    SubAccountName: `Subscription ${r.subAccount ?? "sub-a"}`,
    x_ResourceGroupName: r.resourceGroup ?? "rg-app",
    x_SkuMeterName: r.meter ?? "D2 v3",
    SkuMeter: r.meter ?? "D2 v3",
    Tags: r.tags ? JSON.stringify(r.tags) : null,
    x_SourceId: r.source ?? "test-source",
    x_IngestRunId: "test-run",
    x_BillingMonth: month,
  };
}

export async function insertFocusRows(ch: ClickHouseClient, rows: FocusRowInput[]): Promise<void> {
  await ch.insert({ table: "focus_billing_data", values: rows.map(focusRow), format: "JSONEachRow" });
}

export async function truncateFacts(ch: ClickHouseClient): Promise<void> {
  for (const t of ["focus_billing_data", "focus_daily_service", "focus_daily_resource"]) await ch.command({ query: `TRUNCATE TABLE ${t}` });
}

/**
 * A fresh migrated chDB holding `rows` with every rollup rebuilt, and `rates` (an ECB CSV)
 * imported when given: the fixture of the analytics and reporting-currency suites.
 */
export async function clickHouseWithRows(rows: FocusRowInput[], opts: { rates?: string } = {}): Promise<ClickHouseClient> {
  const { ch } = await freshClickHouse();
  await insertFocusRows(ch, rows);
  await rebuildAllRollups(ch);
  if (opts.rates !== undefined) await importEcbCsv(ch, opts.rates, "test");
  return ch;
}
