/**
 * The FOCUS 1.0 rules (focus-validator 1.0.0's YAML) judge 1.0 rows: each planted break is quarantined
 * under the validator's rule id, a pre-1.0 column name (Provider) is read as its 1.0 name, and the
 * upgrade's account types follow the provider. Expected values are hand-made from the planted rows.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { freshClickHouse } from "../helpers/chdb";
import { ingestFiles } from "~/domain/ingest";
import { rows } from "../focus/helpers";

let ch: ClickHouseClient;
let file: string;

const HEADER =
  "BilledCost,BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodEnd,BillingPeriodStart,ChargeCategory,ChargeClass,ChargeDescription,ChargeFrequency,ChargePeriodEnd,ChargePeriodStart,ContractedCost,EffectiveCost,InvoiceIssuerName,ListCost,PricingCategory,Provider,PublisherName,ServiceCategory,ServiceName,SubAccountId,Tags";
// id, BillingAccountId, currency, ChargeClass, PricingCategory, Provider, SubAccountId, Tags
const ROWS: [string, string, string, string, string, string, string][] = [
  ["/providers/Microsoft.Billing/billingAccounts/1/billingProfiles/P1", "USD", "", "Standard", "Microsoft", "/subscriptions/s1", ""], // fine, MCA profile
  ["/providers/Microsoft.Billing/billingAccounts/8611537", "USD", "Refund", "Standard", "Microsoft", "/subscriptions/s2", ""], // ChargeClass_Enum
  ["123456789012", "XYZ", "", "Standard", "AWS", "210987654321", ""], // BillingCurrency_IsCurrencyCode
  ["123456789012", "USD", "", "On-Demand", "AWS", "210987654321", ""], // PricingCategory_Enum_1.0
  ["123456789012", "USD", "", "Standard", "AWS", "210987654321", '"not json"'], // Tags_IsJSONObject
];

beforeAll(async () => {
  ({ ch } = await freshClickHouse());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-focus10-rules-"));
  file = path.join(dir, "focus10.csv");
  const lines = ROWS.map(([acct, cur, cls, pc, prov, sub, tags], i) =>
    [`${i + 1}.5`, acct, "Acct", cur, "2024-10-01T00:00:00Z", "2024-09-01T00:00:00Z", "Usage", cls, "d", "Usage-Based", "2024-09-02T00:00:00Z", "2024-09-01T00:00:00Z", "0", `${i + 1}.5`, prov, `${i + 1}.5`, pc, prov, prov, "Compute", "VMs", sub, tags].join(","),
  );
  fs.writeFileSync(file, [HEADER, ...lines].join("\n") + "\n");
});

describe("FOCUS 1.0 rules on 1.0 rows", () => {
  it("quarantines each planted break under the validator's rule id and loads the rest", async () => {
    const r = await ingestFiles(ch, { sourceId: "f10", files: [file] });
    expect(r.focusInputs![0]).toMatchObject({ version: "1.0", source: "header" });
    expect(r.rows).toEqual({ in: 5, loaded: 1, quarantined: 4, excluded: 0 });
    expect([...r.quarantine].sort((a, b) => (a.rule < b.rule ? -1 : 1))).toEqual([
      { rule: "BillingCurrency_IsCurrencyCode", rows: 1 },
      { rule: "ChargeClass_Enum", rows: 1 },
      { rule: "PricingCategory_Enum_1.0", rows: 1 },
      // ABI's basic JSON-object rule applies to every version, next to the validator's.
      { rule: "Tags-C-001-M", rows: 1 },
      { rule: "Tags_IsJSONObject", rows: 1 },
    ]);
    // 1.5 loaded; 2.5 + 3.5 + 4.5 + 5.5 quarantined, 3.5 of it in XYZ.
    expect(r.totals.map((t) => [t.currency, t.billedCost, t.quarantinedBilledCost])).toEqual([
      ["USD", "1.5", "12.5"],
      ["XYZ", "0", "3.5"],
    ]);
    const [loaded] = await rows(ch, "SELECT ProviderName, BillingAccountType, SubAccountType, PricingCurrency FROM focus_billing_data WHERE x_SourceId = 'f10'");
    // "Provider" (pre-1.0 name) read as ProviderName; an MCA billing profile; pricing currency = billing currency.
    expect(loaded).toEqual({ ProviderName: "Microsoft", BillingAccountType: "Billing Profile", SubAccountType: "Subscription", PricingCurrency: "USD" });
  });
});
