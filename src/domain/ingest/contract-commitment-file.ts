/**
 * Recognises a FOCUS 1.3 Contract Commitment file by its header (docs/contract-commitments.md).
 * It carries ContractId and ContractCommitmentId and none of the cost-row columns.
 */
import { probeFile } from "./file-probe";

export const CC_COLUMNS = [
  "ContractId",
  "ContractCommitmentId",
  "ContractCommitmentCategory",
  "ContractCommitmentType",
  "ContractCommitmentDescription",
  "ContractCommitmentCost",
  "ContractCommitmentQuantity",
  "ContractCommitmentUnit",
  "ContractCommitmentPeriodStart",
  "ContractCommitmentPeriodEnd",
  "ContractPeriodStart",
  "ContractPeriodEnd",
  "BillingCurrency",
] as const;
export type CcColumn = (typeof CC_COLUMNS)[number];

/** Columns the header must have; the rest are conditional in the spec and may be absent. */
export const CC_REQUIRED: CcColumn[] = [
  "ContractId",
  "ContractCommitmentId",
  "ContractCommitmentCategory",
  "ContractCommitmentType",
  "ContractCommitmentPeriodStart",
  "ContractCommitmentPeriodEnd",
  "ContractPeriodStart",
  "ContractPeriodEnd",
];

export function isContractCommitmentHeader(header: string[]): boolean {
  const lower = new Set(header.map((h) => h.trim().toLowerCase()));
  return lower.has("contractcommitmentid") && lower.has("contractid") && !lower.has("billedcost") && !lower.has("chargeperiodstart");
}

/** Index of each known column in the header (case-insensitive, first occurrence). */
export function ccHeaderIndex(header: string[]): Map<CcColumn, number> {
  const out = new Map<CcColumn, number>();
  header.forEach((h, i) => {
    const col = CC_COLUMNS.find((c) => c.toLowerCase() === h.trim().toLowerCase());
    if (col && !out.has(col)) out.set(col, i);
  });
  return out;
}

/** True when the file is a CSV contract-commitment file; any unreadable file is left to the cost path, which explains why. */
export async function isContractCommitmentFile(file: string): Promise<boolean> {
  try {
    const probe = await probeFile(file);
    return probe.format === "csv" && isContractCommitmentHeader(probe.header);
  } catch {
    return false;
  }
}
