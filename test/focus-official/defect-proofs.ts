/**
 * Tiny hand-made FOCUS 1.2 datasets, each correct per the spec text, on which the official
 * focus-validator fails the rules it lists. Every rule allowed to fail in
 * docs/focus-validator-defects.md must be shown here; scripts/focus-official-check.ts runs the real
 * validator on each dataset and fails when a listed rule passes (the defect is gone: drop it from
 * the list) or when a rule outside the list fails.
 * Rows start from test/fixtures/focus-sample/focus-1.2-azure-sample.csv (ABI's hand-made sample)
 * and change only the columns a proof is about.
 */
import fs from "node:fs";
import { parseCsv } from "../helpers/parse-csv";

export const SAMPLE_CSV = "test/fixtures/focus-sample/focus-1.2-azure-sample.csv";

type Row = Record<string, string>;

export type DefectProof = {
  /** File-name friendly id. */
  id: string;
  /** Rules the official validator fails on these rows (composites included). */
  fails: string[];
  /** Why the rows are correct, citing the FOCUS 1.2 spec text. */
  correct: string;
  rows: Row[];
};

function sampleRows(): { header: string[]; rows: Row[] } {
  const [header, ...data] = parseCsv(fs.readFileSync(SAMPLE_CSV, "utf8"));
  if (!header) throw new Error(`${SAMPLE_CSV} is empty`);
  return { header, rows: data.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""]))) };
}

const CAPACITY_RESERVATION = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-app/providers/Microsoft.Compute/capacityReservationGroups/crg-app/capacityReservations/cr-d2s";
const FEBRUARY = { BillingPeriodStart: "2024-02-01T00:00:00Z", BillingPeriodEnd: "2024-03-01T00:00:00Z", ChargePeriodStart: "2024-02-03T00:00:00Z", ChargePeriodEnd: "2024-02-04T00:00:00Z" };

/** Every row of the sample is a full FOCUS 1.2 row; proofs override a few columns. */
export function defectProofs(): { header: string[]; proofs: DefectProof[] } {
  const { header, rows } = sampleRows();
  const [vm, storage, , , riUsed, riUnused] = rows as [Row, Row, Row, Row, Row, Row];
  const proofs: DefectProof[] = [
    {
      id: "not-yet-invoiced",
      fails: ["InvoiceId-C-005-C"],
      correct:
        "Usage of a billing period that has no invoice yet (neither issued nor provisional): InvoiceId MUST be null when the charge is not associated with an invoice (InvoiceId, 1.2). The model drops the condition of -005-C and requires an InvoiceId on every row.",
      rows: [vm, storage],
    },
    {
      id: "invoiced-and-open-month",
      fails: ["InvoiceId-C-004-C", "InvoiceId-C-003-C", "InvoiceId-C-000-O"],
      correct:
        "January is invoiced (InvoiceId set), February is still open (InvoiceId null): both follow the InvoiceId nullability text. The model's -004-C requires null on every row, -005-C non-null on every row, so their OR composite fails once a dataset has both.",
      rows: [{ ...vm, InvoiceId: "G012345678" }, { ...vm, ...FEBRUARY }],
    },
    {
      id: "capacity-reservation",
      fails: ["CapacityReservationStatus-C-004-C", "CapacityReservationStatus-C-003-C", "CapacityReservationStatus-C-002-C", "CapacityReservationStatus-C-000-C"],
      correct:
        "One VM hour on an on-demand capacity reservation (CapacityReservationId set, status Used) and one without (both null): CapacityReservationStatus MUST be null when CapacityReservationId is null and MUST NOT be null when it is set on Usage. The validator drops the model's bare AND conditions and applies both rules to every row.",
      rows: [vm, { ...vm, CapacityReservationId: CAPACITY_RESERVATION, CapacityReservationStatus: "Used" }],
    },
    {
      id: "on-demand-usage",
      fails: ["CommitmentDiscountStatus-C-004-C", "CommitmentDiscountStatus-C-002-C", "CommitmentDiscountStatus-C-000-C"],
      correct:
        "On-demand usage without a commitment discount: CommitmentDiscountStatus MUST be null when CommitmentDiscountId is null. The model encodes -004-C ('MUST NOT be null when CommitmentDiscountId is not null') with the condition CommitmentDiscountId IS NULL.",
      rows: [vm, storage],
    },
    {
      id: "commitment-usage-only",
      fails: ["CommitmentDiscountStatus-C-005-M", "CommitmentDiscountStatus-C-000-C"],
      correct:
        "Reservation-covered usage only (an extract of one commitment's rows), status Used and Unused: the spec's allowed values (CommitmentDiscountStatus, 1.2). The model lists Active/Expired/Pending; the validator fails it when every row has a status (with null-status rows in the same file it happens to pass).",
      rows: [riUsed, riUnused],
    },
    {
      id: "usage-correction",
      fails: ["ConsumedQuantity-C-006-C", "ConsumedQuantity-C-005-C", "ConsumedQuantity-C-003-C", "ConsumedQuantity-C-000-C"],
      correct:
        "A correction of reservation-covered VM usage that restates cost only: ConsumedQuantity MAY be null when ChargeClass is Correction (ConsumedQuantity, 1.2), and so may PricingQuantity; their units are then null. The model checks 'not null' on Correction rows instead of on the other rows.",
      rows: [
        vm,
        riUsed,
        {
          ...riUsed, ChargeClass: "Correction", ChargeDescription: "Correction of D2s v3 reservation hours of December",
          ChargePeriodStart: "2023-12-20T00:00:00Z", ChargePeriodEnd: "2023-12-21T00:00:00Z",
          EffectiveCost: "-0.24", ContractedCost: "-0.24", ListCost: "-0.288", PricingCurrencyEffectiveCost: "-0.24",
          ConsumedQuantity: "", ConsumedUnit: "", PricingQuantity: "", PricingUnit: "", CommitmentDiscountQuantity: "", CommitmentDiscountUnit: "",
        },
      ],
    },
    {
      id: "recurring-saas-purchase",
      fails: ["EffectiveCost-C-005-C", "EffectiveCost-C-000-M"],
      correct:
        "A monthly Marketplace SaaS subscription fee: a Purchase that does not cover future eligible charges, so EffectiveCost = BilledCost (EffectiveCost MUST be 0 only when the purchase is intended to cover future eligible charges; FOCUS_Spec #2673). The model requires 0 on every Purchase.",
      rows: [
        vm,
        {
          ...storage, ChargeCategory: "Purchase", ChargeFrequency: "Recurring", ChargeDescription: "Contoso Analytics SaaS, monthly plan",
          ChargePeriodStart: "2024-01-01T00:00:00Z", ChargePeriodEnd: "2024-02-01T00:00:00Z", PublisherName: "Contoso Analytics",
          ResourceId: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-app/providers/Microsoft.SaaS/resources/analytics-01",
          ResourceName: "analytics-01", ResourceType: "SaaS", ServiceCategory: "Analytics", ServiceName: "Contoso Analytics", ServiceSubcategory: "Analytics Platforms",
          SkuId: "contoso-analytics-plan", SkuMeter: "Analytics plan", SkuPriceId: "contoso-analytics-plan-monthly", SkuPriceDetails: "",
          ConsumedQuantity: "", ConsumedUnit: "", PricingQuantity: "1", PricingUnit: "Units",
          BilledCost: "27", EffectiveCost: "27", ContractedCost: "27", ListCost: "27", ContractedUnitPrice: "27", ListUnitPrice: "27",
          PricingCurrencyContractedUnitPrice: "27", PricingCurrencyListUnitPrice: "27", PricingCurrencyEffectiveCost: "27", Tags: "",
        },
      ],
    },
    {
      id: "partner-invoice",
      fails: ["BilledCost-C-005-C", "BilledCost-C-000-M"],
      correct:
        "CSP usage invoiced by the partner (InvoiceIssuerName 'Fabrikam Cloud Partner', ProviderName Microsoft): BilledCost is what the customer owes the partner. BilledCost MUST be 0 only when a third party receives the payment; the model approximates that as ProviderName <> InvoiceIssuerName.",
      rows: [{ ...vm, InvoiceIssuerName: "Fabrikam Cloud Partner" }],
    },
    {
      id: "sku-without-meter-name",
      fails: ["SkuMeter-C-005-C", "SkuMeter-C-003-C", "SkuMeter-C-000-C"],
      correct:
        "A SKU whose meter name the provider does not publish: SkuMeter SHOULD NOT be null when SkuId is not null is a recommendation (SHOULD), not a conformance requirement; the validator reports it as a failed rule.",
      rows: [{ ...vm, SkuMeter: "" }],
    },
  ];
  return { header, proofs };
}

/** Rules every dataset fails as soon as any column composite fails (dataset and root composites). */
export const DATASET_COMPOSITES = ["CostAndUsage-D-002-M", "CostAndUsage-D-000-M"];
