/**
 * BillingAccountType / SubAccountType per provider, for FOCUS files from before 1.2 (the columns were
 * added in 1.2). Once the stored dataset has the columns (it always does: Microsoft's billing accounts
 * have more than one type), FOCUS 1.2 requires both on every row whose BillingAccountId / SubAccountId
 * is set, whichever provider the row is from (BillingAccountType-C-005-C, SubAccountType-C-005-C).
 * Values: the provider terms the FOCUS working group collected for these columns (FOCUS_Spec
 * supporting_content/columns/billingaccounttype.md and subaccounttype.md) and Microsoft's own 1.2
 * exports; sources and table in docs/focus-versions.md ("Account types by provider").
 */
export type ProviderAccountTypes = {
  /** ProviderName values (lower case) of the provider's FOCUS exports. */
  providers: readonly string[];
  /** [text the lower-case BillingAccountId contains, type]; the first match wins, "" matches every id. */
  billingAccount: readonly (readonly [string, string])[];
  subAccount: string;
};

export const ACCOUNT_TYPES: readonly ProviderAccountTypes[] = [
  // An MCA billing profile or an EA billing account, as Microsoft's 1.2 exports and ABI's EA/MCA conversion name them.
  { providers: ["microsoft"], billingAccount: [["/billingprofiles/", "Billing Profile"], ["", "Billing Account"]], subAccount: "Subscription" },
  // The payer (management) account of an AWS Organization and its member accounts.
  { providers: ["aws", "amazon web services"], billingAccount: [["", "Payer Account"]], subAccount: "Membership Account" },
  // A Cloud Billing account and the projects linked to it.
  { providers: ["google cloud", "google cloud platform", "gcp"], billingAccount: [["", "Billing Account"]], subAccount: "Project" },
  // An OCI billing account and its tenancy (a child tenancy cannot be told apart by its OCID: "Tenancy").
  { providers: ["oracle", "oracle cloud infrastructure", "oci"], billingAccount: [["", "Billing Account"]], subAccount: "Tenancy" },
];
