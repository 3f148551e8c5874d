import { InvalidSourceRequestError } from "../shared/errors";

/** Billing scopes the Cost Details report supports for EA and MCA (not RG / management group). */
export type CostDetailsScope =
  | { kind: "eaBillingAccount"; billingAccountId: string }
  | { kind: "eaDepartment"; billingAccountId: string; departmentId: string }
  | { kind: "eaEnrollmentAccount"; billingAccountId: string; enrollmentAccountId: string }
  | { kind: "mcaBillingProfile"; billingAccountId: string; billingProfileId: string };

export type CostDetailsScopeKind = CostDetailsScope["kind"];

// MCA billing account ids look like "<guid>:<guid>_2019-05-31"; EA ones are enrollment numbers.
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9:_.\-]*$/;

function id(label: string, value: string): string {
  const v = value.trim();
  if (!SAFE_ID.test(v)) {
    throw new InvalidSourceRequestError(
      `${label} "${value}" is not a valid Azure billing id (letters, digits, ':', '_', '.', '-' only)`,
    );
  }
  return v;
}

/** The ARM scope path, without a leading slash, as in the Cost Management docs. */
export function scopePath(scope: CostDetailsScope): string {
  const account = `providers/Microsoft.Billing/billingAccounts/${id("Billing account id", scope.billingAccountId)}`;
  switch (scope.kind) {
    case "eaBillingAccount":
      return account;
    case "eaDepartment":
      return `${account}/departments/${id("Department id", scope.departmentId)}`;
    case "eaEnrollmentAccount":
      return `${account}/enrollmentAccounts/${id("Enrollment account id", scope.enrollmentAccountId)}`;
    case "mcaBillingProfile":
      return `${account}/billingProfiles/${id("Billing profile id", scope.billingProfileId)}`;
    default: {
      const never: never = scope;
      throw new InvalidSourceRequestError(`Unknown Cost Details scope ${JSON.stringify(never)}`);
    }
  }
}
