/**
 * The official FOCUS 1.0 sample (FOCUS-Sample-Data, 1,000 rows of AWS, Microsoft and Oracle data)
 * loads with every row accounted for and its money conserved. Before version-aware validation the
 * run ended with "all 1000 converted rows failed validation (BillingAccountType-C-005-C (1000 rows),
 * SubAccountType-C-005-C (1000 rows), ResourceType-C-005-C (752 rows))": 1.2 rules for columns
 * that did not exist in 1.0.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { freshClickHouse } from "../helpers/chdb";
import { ingestFiles } from "~/domain/ingest";
import { rows, FIX } from "../focus/helpers";
import { conservation } from "./conservation";

let ch: ClickHouseClient;
const SAMPLE = path.resolve(FIX("focus-1.0/focus_sample.csv"));

beforeAll(async () => {
  ({ ch } = await freshClickHouse());
});

describe("FOCUS 1.0 official sample", () => {
  it("loads all 1,000 rows (loaded + quarantined = rows in) with billed and effective cost conserved per currency", async () => {
    const r = await ingestFiles(ch, { sourceId: "focus10", files: [SAMPLE] });
    expect(r.rows.in).toBe(1000);
    expect(r.rows.loaded + r.rows.quarantined).toBe(1000);
    expect(r.rows.excluded).toBe(0);
    const c = await conservation(ch, SAMPLE, "focus10", r);
    expect(c.rowsInFile).toBe(1000);
    expect(c.out).toEqual([{ currency: "USD", b: 1, e: 1 }]);
    // Judged by FOCUS 1.0 rules, only rows that break a 1.0 MUST are quarantined: the 7 Oracle rows write
    // ChargeFrequency "Usage-based" (1.0 allows "Usage-Based") and leave ContractedCost (MUST NOT be null) null.
    const [bad] = await rows<{ n: string; freq: string; cc: string }>(
      ch,
      `SELECT toString(count()) AS n, toString(countIf(ChargeFrequency NOT IN ('One-Time', 'Recurring', 'Usage-Based'))) AS freq,
              toString(countIf(ContractedCost IN ('', 'NULL'))) AS cc
       FROM file({file:String}, 'CSVWithNames')
       WHERE ChargeFrequency NOT IN ('One-Time', 'Recurring', 'Usage-Based') OR ContractedCost IN ('', 'NULL')
       SETTINGS input_format_csv_use_best_effort_in_schema_inference = 0`,
      { file: SAMPLE },
    );
    expect(bad).toEqual({ n: "7", freq: "7", cc: "7" });
    expect(r.rows.quarantined).toBe(7);
    expect(r.quarantine).toEqual(
      expect.arrayContaining([
        { rule: "ChargeFrequency_Enum", rows: 7 },
        { rule: "ContractedCost_NotNull", rows: 7 },
      ]),
    );
    // The report says what came in and what the upgrade derived.
    expect(r.focusInputs).toEqual([
      expect.objectContaining({ file: "focus_sample.csv", version: "1.0", source: "header", derived: expect.arrayContaining([expect.stringMatching(/^BillingAccountType/), expect.stringMatching(/^ServiceSubcategory/)]) }),
    ]);
    expect(r.focusInputs![0]!.nulls).toEqual(expect.arrayContaining(["InvoiceId", "SkuMeter", "CommitmentDiscountQuantity"]));
    // Account types from the provider (FOCUS_Spec supporting_content/columns/{billingaccounttype,subaccounttype}.md):
    // Microsoft's EA billing account and subscriptions, AWS's payer account and its member accounts.
    const types = await rows<{ p: string; bat: string | null; sat: string | null; n: string }>(
      ch,
      `SELECT ProviderName AS p, BillingAccountType AS bat, SubAccountType AS sat, toString(count()) AS n FROM focus_billing_data
       WHERE x_SourceId = 'focus10' GROUP BY p, bat, sat ORDER BY p`,
    );
    expect(types).toEqual([
      { p: "AWS", bat: "Payer Account", sat: "Membership Account", n: "942" },
      { p: "Microsoft", bat: "Billing Account", sat: "Subscription", n: "51" },
    ]);
    // No 1.2-only rule judged a 1.0 row.
    expect(r.quarantine.map((q) => q.rule)).not.toEqual(expect.arrayContaining([expect.stringMatching(/^(BillingAccountType|SubAccountType|ResourceType)-C-005-C$/)]));
  });
});
