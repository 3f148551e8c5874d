import type { TableColumns } from "./check-compiler";
import { MissingColumnError } from "./check-compiler";
import { ident, isDateTimeType } from "./sql";

/** Row rules ABI adds to the model: checks the spec implies but no model rule encodes. */
export type AbiRowRule = {
  id: string;
  description: string;
  column: string;
  versions: readonly ("1.2" | "1.3")[];
  /** SQL that is true when the row breaks the rule; throws MissingColumnError when a column is absent. */
  failWhen: (cols: TableColumns) => string;
};

function need(cols: TableColumns, name: string): string {
  if (!cols.has(name)) throw new MissingColumnError(name);
  return ident(name);
}

function instant(cols: TableColumns, name: string): string {
  const c = need(cols, name);
  return isDateTimeType(cols.get(name)!) ? c : `parseDateTime64BestEffortOrNull(toString(${c}), 0, 'UTC')`;
}

const notNull = (id: string, column: string, description: string): AbiRowRule => ({
  id,
  description,
  column,
  versions: ["1.3"],
  failWhen: (cols) => `isNull(${need(cols, column)})`,
});

const jsonObject = (id: string, column: string): AbiRowRule => ({
  id,
  description: `${column} MUST be a JSON object when not null.`,
  column,
  versions: ["1.3"],
  failWhen: (cols) => {
    const v = `ifNull(toString(${need(cols, column)}), '')`;
    // JSONType is 'Null' for text that is not valid JSON.
    return `isNotNull(${need(cols, column)}) AND NOT (JSONType(${v}) = 'Object')`;
  },
});

export const ABI_ROW_RULES: AbiRowRule[] = [
  {
    // ChargePeriodStart is the inclusive start and ChargePeriodEnd the exclusive end (focus.md §3.3).
    id: "ABI-ChargePeriod-001-M",
    description: "ChargePeriodStart MUST be earlier than ChargePeriodEnd (inclusive start, exclusive end).",
    column: "ChargePeriodStart",
    versions: ["1.2", "1.3"],
    failWhen: (cols) => `ifNull(NOT (${instant(cols, "ChargePeriodStart")} < ${instant(cols, "ChargePeriodEnd")}), 0)`,
  },
  {
    id: "ABI-BillingPeriod-001-M",
    description: "BillingPeriodStart MUST be earlier than BillingPeriodEnd (inclusive start, exclusive end).",
    column: "BillingPeriodStart",
    versions: ["1.2", "1.3"],
    failWhen: (cols) => `ifNull(NOT (${instant(cols, "BillingPeriodStart")} < ${instant(cols, "BillingPeriodEnd")}), 0)`,
  },
  // FOCUS 1.3 additions (focus.md §2.1); the 1.3 requirement model is not bundled, so these are ABI's.
  notNull("ABI-13-ServiceProviderName-001-M", "ServiceProviderName", "ServiceProviderName MUST NOT be null (FOCUS 1.3)."),
  notNull("ABI-13-HostProviderName-001-M", "HostProviderName", "HostProviderName MUST NOT be null (FOCUS 1.3; \"Not Applicable\" when no host)."),
  jsonObject("ABI-13-AllocatedMethodDetails-001-M", "AllocatedMethodDetails"),
  jsonObject("ABI-13-AllocatedTags-001-M", "AllocatedTags"),
  jsonObject("ABI-13-ContractApplied-001-M", "ContractApplied"),
];
