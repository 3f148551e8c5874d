/** Decides from a CSV header what a file is: Azure EA, Azure MCA or FOCUS. Never by position. */
import { AZURE_FIELDS, AZURE_REQUIRED, FOCUS_REQUIRED, MCA_MARKERS, resolveFields } from "./source-fields";
import { focusHeaderIndex } from "../focus/convert-focus";
import { IngestInputError } from "./errors";
import { isContractCommitmentHeader } from "./contract-commitment-file";

export type Layout = { kind: "azure"; agreement: "ea" | "mca" } | { kind: "focus"; version: string; microsoft: boolean };

function focusVersion(lower: Set<string>): string {
  if (lower.has("serviceprovidername") || lower.has("hostprovidername")) return "1.3";
  if (lower.has("billingaccounttype") || lower.has("pricingcurrencyeffectivecost") || lower.has("invoiceid")) return "1.2";
  if (lower.has("servicesubcategory") || lower.has("skumeter")) return "1.1";
  return "1.0";
}

export function detectLayout(name: string, header: string[]): Layout {
  const lower = new Set(header.map((h) => h.trim().toLowerCase()));
  if (lower.has("billedcost") || lower.has("chargeperiodstart")) {
    const idx = focusHeaderIndex(header);
    const missing = FOCUS_REQUIRED.filter((c) => !idx.has(c));
    if (missing.length) throw new IngestInputError(`${name}: looks like a FOCUS file but required columns are missing: ${missing.join(", ")}`);
    return { kind: "focus", version: focusVersion(lower), microsoft: lower.has("x_skumeterid") || lower.has("x_billingprofileid") };
  }
  const fields = resolveFields(header, AZURE_FIELDS);
  const missing = AZURE_REQUIRED.filter((f) => !fields.has(f));
  const azureish = fields.has("ChargeType") || fields.has("MeterCategory") || fields.has("Cost") || fields.has("Date");
  if (azureish && missing.length === 0) {
    return { kind: "azure", agreement: MCA_MARKERS.some((m) => lower.has(m)) ? "mca" : "ea" };
  }
  if (isContractCommitmentHeader(header)) {
    throw new IngestInputError(`${name}: is a FOCUS 1.3 contract-commitment file; load it as CSV (gzip is fine), in a run of its own`);
  }
  if (azureish) {
    const names = missing.map((f) => (f === "Cost" ? "CostInBillingCurrency (or Cost)" : f === "BillingCurrency" ? "BillingCurrencyCode (or BillingCurrency)" : f));
    throw new IngestInputError(`${name}: looks like an Azure cost export but required columns are missing: ${names.join(", ")}`);
  }
  throw new IngestInputError(
    `${name}: not a recognised cost file. Azure EA/MCA cost details need ${AZURE_REQUIRED.join(", ")}; ` +
      `FOCUS files need ${FOCUS_REQUIRED.join(", ")}. Header found: ${header.slice(0, 8).join(", ")}${header.length > 8 ? ", …" : ""}`,
  );
}
