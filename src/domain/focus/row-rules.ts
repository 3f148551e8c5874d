/**
 * Row-level rules evaluated inside the conversion INSERT. `combineRules(...).failedRulesExpr` is a
 * ClickHouse expression of type Array(String) over FOCUS column names: the IDs of the rules the row breaks.
 * The validation module (src/domain/focus/validation/) provides the full FOCUS rule set; the
 * structural rules below always apply because the fact table cannot store those rows at all.
 */
import { FOCUS_COLUMNS } from "./columns";
import { failedRulesExpression } from "./validation";

/** A rule as the conversion checks it: the rows for which `failWhen` is true break rule `id`. */
export type RowCheck = { id: string; failWhen: string };
export type RowRules = { checks: readonly RowCheck[] };

const check = (id: string, failWhen: string): RowCheck => ({ id, failWhen });

/** NOT NULL for every non-nullable fact column (FOCUS "MUST NOT be null" rules, ids per model-1.2). */
const notNullRuleId: Record<string, string> = {
  BilledCost: "BilledCost-C-003-M",
  BillingAccountId: "BillingAccountId-C-001-M",
  BillingCurrency: "BillingCurrency-C-004-M",
  BillingPeriodEnd: "BillingPeriodEnd-C-003-M",
  BillingPeriodStart: "BillingPeriodStart-C-003-M",
  ChargeCategory: "ChargeCategory-C-002-M",
  ChargeFrequency: "ChargeFrequency-C-002-M",
  ChargePeriodEnd: "ChargePeriodEnd-C-003-M",
  ChargePeriodStart: "ChargePeriodStart-C-003-M",
  ContractedCost: "ContractedCost-C-003-M",
  EffectiveCost: "EffectiveCost-C-003-M",
  InvoiceIssuerName: "InvoiceIssuerName-C-003-M",
  ListCost: "ListCost-C-003-M",
  ProviderName: "ProviderName-C-003-M",
  PublisherName: "PublisherName-C-003-M",
  ServiceCategory: "ServiceCategory-C-002-M",
  ServiceName: "ServiceName-C-003-M",
  ServiceSubcategory: "ServiceSubcategory-C-002-M",
};

export const STRUCTURAL_RULES: RowCheck[] = FOCUS_COLUMNS.filter((c) => !c.nullable && c.kind !== "lineage").map((c) =>
  check(notNullRuleId[c.name] ?? `${c.name}-NotNull`, `${c.name} IS NULL`),
);

/** ABI's own minimal checks, used until the validation module is wired in. */
export const BASIC_RULES: RowCheck[] = [
  // Not in the FOCUS model: inclusive start / exclusive end implies start < end (focus.md §3.3).
  check("x_ChargePeriodStartBeforeEnd", "ChargePeriodStart >= ChargePeriodEnd"),
  check("x_BillingPeriodStartBeforeEnd", "BillingPeriodStart >= BillingPeriodEnd"),
  check("BillingCurrency-C-006-M", "NOT match(ifNull(BillingCurrency, ''), '^[A-Z]{3}$')"),
  check("ChargeCategory-C-003-M", "ChargeCategory NOT IN ('Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment')"),
  // JSONType is 'Null' for text that is not valid JSON.
  check("Tags-C-001-M", "Tags IS NOT NULL AND NOT (JSONType(Tags) = 'Object')"),
  // StringHandling (focus.md §3.1): text must be valid Unicode; a latin-1 export shows up here.
  check(
    "x_StringHandlingValidUnicode",
    "NOT isValidUTF8(concat(ifNull(ChargeDescription, ''), ifNull(ResourceName, ''), ifNull(SubAccountName, ''), ifNull(BillingAccountName, ''), ifNull(Tags, ''), ifNull(x_ResourceGroupName, ''), ifNull(ServiceName, ''), ifNull(x_SkuMeterName, '')))",
  ),
  check("SkuPriceDetails-C-001-M", "SkuPriceDetails IS NOT NULL AND NOT (JSONType(SkuPriceDetails) = 'Object')"),
];

/**
 * Basic rules that the model's rule of the same ID (FormatKeyValue: a JSON object with unique keys
 * and scalar values) strictly contains: with the full rule set they could never add a row or an ID.
 */
const SUBSUMED_BY_MODEL = ["Tags-C-001-M", "SkuPriceDetails-C-001-M"];

/** Column of the Azure conversion: 1 when Tags was rebuilt from a JSON object (convert-azure.ts). */
export const TAGS_REBUILT = "_TagsRebuilt";

/**
 * Key-value rules (Tags-C-001-M, SkuPriceDetails-C-001-M, basic or model form) over values the
 * Azure conversion rebuilt itself: flatJsonObject writes `{` + unique JSON-encoded keys + scalar raw
 * values or nested values re-encoded as strings + `}`, or NULL for `{}`, so the rule holds by
 * construction and re-parsing the text (~0.5–0.8 s CPU per 500k rows) cannot change a result. Values
 * passed through unchanged (Tags text that is not a JSON object) are still checked.
 * SkuPriceDetails is always rebuilt there (from AdditionalInfo only when it is a JSON object).
 */
export const AZURE_TRUSTED_KEY_VALUES: Readonly<Record<string, string>> = {
  "Tags-C-001-M": TAGS_REBUILT,
  "SkuPriceDetails-C-001-M": "1",
};

/** `trusted`: rule ID → a column that is 1 when the row's value holds that rule by construction. */
function skipTrusted(r: RowCheck, trusted: Readonly<Record<string, string>>): RowCheck {
  const flag = trusted[r.id];
  if (flag === undefined) return r;
  return { id: r.id, failWhen: flag === "1" ? "0" : `NOT ${flag} AND (${r.failWhen})` };
}

export function combineRules(extra: RowRules | undefined, trusted: Readonly<Record<string, string>> = {}): { failedRulesExpr: string } {
  const modelIds = new Set(extra?.checks.map((c) => c.id));
  const basic = BASIC_RULES.filter((r) => !(SUBSUMED_BY_MODEL.includes(r.id) && modelIds.has(r.id)));
  const all = [...STRUCTURAL_RULES, ...basic, ...(extra?.checks ?? [])].map((r) => skipTrusted(r, trusted));
  return { failedRulesExpr: failedRulesExpression(all) };
}
