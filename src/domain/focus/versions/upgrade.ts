/**
 * Upgrading an older FOCUS file to the stored 1.2/1.3 shape: columns renamed between versions, and
 * the values a newer column can take from the older ones. Every other column the file lacks is null.
 * The per-column table, with the spec text behind each entry: docs/focus-versions.md.
 */
import { FOCUS_COLUMNS } from "../columns";
import { stringLiteral } from "../validation/sql";
import { ACCOUNT_TYPES } from "./account-types";

/** Column IDs FOCUS 1.0 (and 1.0-preview) renamed: new name → the older names a file may still carry. */
export const RENAMED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  ChargeCategory: ["chargetype"],
  EffectiveCost: ["amortizedcost"],
  ConsumedQuantity: ["usagequantity"],
  ConsumedUnit: ["usageunit"],
  InvoiceIssuerName: ["invoiceissuer"],
  ProviderName: ["provider"],
  PublisherName: ["publisher"],
  RegionName: ["region"],
};

/** Account types per provider (BillingAccountType / SubAccountType derivation): account-types.ts. */
export { ACCOUNT_TYPES };

function accountTypeSql(kind: "billing" | "sub"): string {
  const arms = ACCOUNT_TYPES.map((p) => {
    const provider = `lower(ProviderName) IN (${p.providers.map(stringLiteral).join(", ")})`;
    if (kind === "sub") return `${provider}, ${stringLiteral(p.subAccount)}`;
    const inner = p.billingAccount.map(([needle, value]) => (needle ? `position(lower(BillingAccountId), ${stringLiteral(needle)}) > 0, ${stringLiteral(value)}` : "")).filter(Boolean);
    const fallback = p.billingAccount.find(([needle]) => needle === "")?.[1];
    const otherwise = fallback ? stringLiteral(fallback) : "NULL";
    return `${provider}, ${inner.length ? `multiIf(${[...inner, otherwise].join(", ")})` : otherwise}`;
  });
  const id = kind === "billing" ? "BillingAccountId" : "SubAccountId";
  return `if(${id} IS NULL, NULL, multiIf(${[...arms, "NULL"].join(", ")}))`;
}

/** A column a file may lack and the SQL (over the converted columns) that fills it. */
type Derivation = { column: string; from: string; sql: () => string };

const fromBilling = (column: string, billing: string): Derivation => ({ column, from: billing, sql: () => billing });

/** Derivations, applied only when the file does not have the column itself. */
export const DERIVATIONS: readonly Derivation[] = [
  { column: "BillingAccountType", from: "ProviderName, BillingAccountId", sql: () => accountTypeSql("billing") },
  { column: "SubAccountType", from: "ProviderName, SubAccountId", sql: () => accountTypeSql("sub") },
  // "Other (<Category>)" is the spec's value for a service of the category without a closer subcategory
  // (the only one for Mobile and Other); flagged as the 'service-subcategory' fallback on every row.
  { column: "ServiceSubcategory", from: "ServiceCategory", sql: () => "concat('Other (', ifNull(ServiceCategory, 'Other'), ')')" },
  // Before 1.2 every price is in the billing currency.
  fromBilling("PricingCurrency", "BillingCurrency"),
  fromBilling("PricingCurrencyEffectiveCost", "EffectiveCost"),
  fromBilling("PricingCurrencyListUnitPrice", "ListUnitPrice"),
  fromBilling("PricingCurrencyContractedUnitPrice", "ContractedUnitPrice"),
];

const PRICING = DERIVATIONS.filter((d) => d.column.startsWith("PricingCurrency")).map((d) => d.column);

/** The SQL that fills `column` for a file whose matched columns are `present`, or undefined (null). */
export function derivedColumnSql(column: string, present: ReadonlySet<string>): string | undefined {
  if (present.has(column)) return undefined;
  // A 1.2 file with PricingCurrency but without one of its prices keeps that price null.
  if (PRICING.includes(column) && present.has("PricingCurrency")) return undefined;
  return DERIVATIONS.find((d) => d.column === column)?.sql();
}

/** What the upgrade did to one file: columns derived (with their sources) and FOCUS columns left null. */
export function upgradeSummary(present: ReadonlySet<string>): { derived: string[]; nulls: string[] } {
  const derived = DERIVATIONS.filter((d) => derivedColumnSql(d.column, present) !== undefined).map((d) => `${d.column} (from ${d.from})`);
  const derivedNames = new Set(DERIVATIONS.filter((d) => derivedColumnSql(d.column, present) !== undefined).map((d) => d.column));
  const nulls = FOCUS_COLUMNS.filter((c) => ["1.0", "1.1", "1.2"].includes(c.since) && !present.has(c.name) && !derivedNames.has(c.name)).map((c) => c.name);
  return { derived, nulls };
}
