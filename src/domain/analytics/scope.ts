/**
 * THE one place where a per-user billing-scope predicate is added to every analytics query.
 * Today every signed-in user sees all billing accounts; the security work will restrict rows
 * here (e.g. BillingAccountId / SubAccountId IN the user's scopes), and every dashboard query
 * inherits it because they all build their WHERE through `whereClause`.
 */
import type { Params } from "./params";

export type AnalyticsScope = {
  userId: string;
  role: string;
  /** Reserved: billing account / sub account ids the user may see (undefined = all). */
  billingAccountIds?: string[];
  subAccountIds?: string[];
};

/** The scope every system job (bench, tests, CLI) uses: no restriction. */
export const UNRESTRICTED_SCOPE: AnalyticsScope = { userId: "system", role: "admin" };

export function billingScopePredicate(scope: AnalyticsScope, params: Params): string {
  const parts: string[] = [];
  if (scope.billingAccountIds) parts.push(`BillingAccountId IN ${params.bind(scope.billingAccountIds, "Array(String)")}`);
  if (scope.subAccountIds) parts.push(`ifNull(SubAccountId, '') IN ${params.bind(scope.subAccountIds, "Array(String)")}`);
  return parts.length ? parts.join(" AND ") : "1 = 1";
}
