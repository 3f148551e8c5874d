import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { freshClickHouse } from "../helpers/chdb";
import { ingestFiles, exportFocus } from "~/domain/ingest";
import { rows, FIX } from "./helpers";

let ch: ClickHouseClient;
let tmp: string;
const MCA = FIX("mca/MCA_ActualCost_Handmade.csv");

beforeAll(async () => {
  ({ ch } = await freshClickHouse());
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "abi-focus-"));
});

/** The FOCUS spec scenario CSVs carry only the columns of the scenario; add the other required ones. */
function completeScenario(file: string, out: string) {
  const [head, ...lines] = fs.readFileSync(file, "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");
  const extra =
    "BillingCurrency,ServiceName,ServiceCategory,BillingAccountId,BillingAccountName,BillingAccountType,ProviderName,PublisherName,InvoiceIssuerName,CommitmentDiscountCategory,CommitmentDiscountType,PricingQuantity,PricingUnit,ListUnitPrice,ContractedUnitPrice,SkuId,SkuPriceId,ResourceType";
  const vals = "USD,Virtual Machines,Compute,acct-1,Example,Billing Account,Example Cloud,Example Cloud,Example Cloud,Usage,Reservation,1,Hours,0,0,VM_SMALL,VM_SMALL_COMMITTED,Virtual Machine";
  const text = [`${head},${extra},ListCost,ContractedCost`, ...lines.map((l) => `${l},${vals},0,0`)].join("\n") + "\n";
  fs.writeFileSync(out, text);
  return out;
}

describe("MCA cost details (hand-made rows)", () => {
  it("converts camelCase MCA rows with exchange rate, refund as correction, marketplace publisher", async () => {
    const r = await ingestFiles(ch, { sourceId: "mca", files: [MCA] });
    expect(r.dataset).toBe("mca-actual");
    expect(r.rows).toEqual({ in: 4, loaded: 4, quarantined: 0, excluded: 0 });
    expect(r.totals).toEqual([
      { currency: "EUR", sourceCost: "29.16", billedCost: "29.16", effectiveCost: "29.16", quarantinedBilledCost: "0", quarantinedEffectiveCost: "0" },
    ]);
    const got = await rows(
      ch,
      `SELECT ChargeCategory, ChargeClass, BillingAccountId, BillingAccountType, InvoiceId, PricingCurrency, toString(ListUnitPrice) AS lup,
              toString(ContractedUnitPrice) AS cup, toString(ContractedCost) AS cc, PublisherName, x_PublisherCategory, x_SkuTerm, SkuId
       FROM focus_billing_data WHERE x_SourceId = 'mca' ORDER BY ChargePeriodStart`,
    );
    expect(got.map((g) => [g.ChargeCategory, g.ChargeClass])).toEqual([["Purchase", null], ["Usage", null], ["Purchase", null], ["Purchase", "Correction"]]);
    expect(got[1]).toMatchObject({ BillingAccountId: "PROF-1", BillingAccountType: "Billing Profile", InvoiceId: "G012345678", PricingCurrency: "USD", lup: "0.09", cup: "0.09", cc: "2.16", SkuId: "DZH318Z0BQ4L" });
    expect(got[0]).toMatchObject({ x_SkuTerm: 12 });
    expect(got[2]).toMatchObject({ PublisherName: "Contoso Software Inc", x_PublisherCategory: "Vendor" });
  });
});

describe("FOCUS files", () => {
  it("reads the FOCUS 1.2 commitment scenario: used + unused effective cost equals the commitment", async () => {
    const usage = completeScenario(FIX("focus-spec/commitment_discount_usage_scenario_3.csv"), path.join(tmp, "usage.csv"));
    const r = await ingestFiles(ch, { sourceId: "focus-scenario", files: [usage] });
    expect(r.dataset).toBe("focus");
    expect(r.rows.in).toBe(2);
    expect(r.rows.in).toBe(r.rows.loaded + r.rows.quarantined + r.rows.excluded);
    const [s] = await rows(
      ch,
      `SELECT toString(sum(EffectiveCost)) AS eff, toString(sum(BilledCost)) AS billed, groupArray(CommitmentDiscountStatus) AS st
       FROM focus_billing_data WHERE x_SourceId = 'focus-scenario' GROUP BY CommitmentDiscountId`,
    );
    expect(r.rows).toEqual({ in: 2, loaded: 2, quarantined: 0, excluded: 0 });
    expect(s).toMatchObject({ eff: "1", billed: "0" });
    expect([...(s!.st as unknown as string[])].sort()).toEqual(["Unused", "Used"]);
  });

  it("round-trips: export Parquet and CSV, ingest them back as FOCUS with identical totals (gzip too)", async () => {
    const parquet = path.join(tmp, "ea.parquet");
    const csv = path.join(tmp, "ea.csv");
    await ingestFiles(ch, { sourceId: "ea", files: [FIX("azure-ea/EA_ActualCost_Small.csv"), FIX("azure-ea/EA_AmortizedCost_Small.csv")] });
    const e1 = await exportFocus(ch, { from: "2023-09", to: "2023-09", format: "parquet", out: parquet, sourceId: "ea" });
    const e2 = await exportFocus(ch, { from: "2023-09", to: "2023-09", format: "csv", out: csv, sourceId: "ea" });
    expect(e1.rows).toBe(29);
    expect(e2.rows).toBe(29);
    expect(fs.readFileSync(csv, "utf8")).toMatch(/2023-09-01T00:00:00Z/);
    fs.writeFileSync(`${csv}.gz`, zlib.gzipSync(fs.readFileSync(csv)));
    const totals = async (s: string) =>
      (await rows(ch, "SELECT count() AS n, toString(sum(BilledCost)) AS b, toString(sum(EffectiveCost)) AS e FROM focus_billing_data WHERE x_SourceId = {s:String}", { s }))[0];
    const fromParquet = await ingestFiles(ch, { sourceId: "rt-parquet", files: [parquet] });
    const fromCsv = await ingestFiles(ch, { sourceId: "rt-csv", files: [`${csv}.gz`] });
    expect(fromParquet.dataset).toBe("focus");
    expect(fromCsv.files[0]!.compression).toBe("gzip");
    expect(await totals("rt-parquet")).toEqual(await totals("ea"));
    expect(await totals("rt-csv")).toEqual(await totals("ea"));
  });

  it("reads Consumption API JSON pages (legacy EA rows)", async () => {
    const page = {
      value: [
        { kind: "legacy", tags: { env: "prod" }, properties: { billingAccountId: "8611537", billingAccountName: "Trey", billingPeriodStartDate: "2024-03-01T00:00:00.0000000Z", billingPeriodEndDate: "2024-03-31T00:00:00.0000000Z", subscriptionId: "9ec51cfd-5ca7-4d76-8101-dd0a4abc5674", subscriptionName: "Corp", date: "2024-03-05T00:00:00.0000000Z", product: "Storage", meterId: "aaaef613-418a-4a5f-af72-d224d7dee2c6", partNumber: "AAD-37090", meterDetails: { meterCategory: "Storage", meterName: "LRS", unitOfMeasure: "1 GB/Month" }, quantity: 10, effectivePrice: 0.02, cost: 0.2, unitPrice: 0.02, billingCurrency: "USD", resourceLocation: "EastUS", consumedService: "Microsoft.Storage", resourceId: "/subscriptions/9ec51cfd-5ca7-4d76-8101-dd0a4abc5674/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa1", chargeType: "Usage", frequency: "UsageBased", pricingModel: "On Demand", payGPrice: 0.02 } },
      ],
      nextLink: null,
    };
    const file = path.join(tmp, "page.json");
    fs.writeFileSync(file, JSON.stringify(page));
    const r = await ingestFiles(ch, { sourceId: "api", files: [file] });
    expect(r.rows).toEqual({ in: 1, loaded: 1, quarantined: 0, excluded: 0 });
    const [row] = await rows(ch, "SELECT ServiceName, Tags, PricingCategory, ChargePeriodStart FROM focus_billing_data WHERE x_SourceId = 'api'");
    expect(row).toMatchObject({ ServiceName: "Storage Accounts", Tags: '{"env":"prod"}', PricingCategory: "Standard", ChargePeriodStart: "2024-03-05T00:00:00Z" });
  });
});
