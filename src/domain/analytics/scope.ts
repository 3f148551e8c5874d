/**
 * THE one place where a per-user billing-scope predicate is added to every analytics query.
 * Every dashboard query builds its WHERE through `whereClause` (filters.ts), which appends
 * `billingScopePredicate`; pickSource (run.ts) only picks a rollup carrying every column the
 * predicate reads. A user's scope comes from their grants (src/domain/access/resolve-access.ts).
 */
import type { Params } from "./params";
import { tagValueExpr, type TagRead } from "./dimensions";

/** One slice of the billing data a grant gives access to. */
export type ScopeTerm =
  | { kind: "billing_account"; value: string }
  | { kind: "sub_account"; value: string }
  | { kind: "resource_group"; value: string }
  | { kind: "tag"; key: string; value: string };

export type AnalyticsScope = {
  userId: string;
  role: string;
  /** "all": every row; otherwise the union (OR) of the terms; no terms: no rows at all. */
  rows: "all" | ScopeTerm[];
};

/** The scope every system job (bench, tests, CLI) uses: no restriction. */
export const UNRESTRICTED_SCOPE: AnalyticsScope = { userId: "system", role: "admin", rows: "all" };

/** The fact/rollup column each term reads (to pick a source table that has it). */
const TERM_COLUMN: Record<ScopeTerm["kind"], string> = {
  billing_account: "BillingAccountId",
  sub_account: "SubAccountId",
  resource_group: "x_ResourceGroupName",
  tag: "Tags",
};

/** Columns the scope predicate reads; a rollup may serve the query only if it has all of them. */
export function scopeColumns(scope: AnalyticsScope): string[] {
  return scope.rows === "all" ? [] : [...new Set(scope.rows.map((t) => TERM_COLUMN[t.kind]))];
}

/**
 * `(term OR term …)` with every value bound. Resource group names compare case-insensitively
 * (Azure treats them so, and exports mix cases); the tag expression is the explorer's
 * (dimensions.ts), so a tag grant matches exactly the rows a tag filter shows.
 */
export function billingScopePredicate(scope: AnalyticsScope, params: Params, read: TagRead = {}): string {
  if (scope.rows === "all") return "1 = 1";
  if (scope.rows.length === 0) return "0 = 1";
  const terms = scope.rows.map((t) => {
    switch (t.kind) {
      case "billing_account":
        return `BillingAccountId = ${params.bind(t.value, "String")}`;
      case "sub_account":
        return `ifNull(SubAccountId, '') = ${params.bind(t.value, "String")}`;
      case "resource_group":
        return `lower(ifNull(x_ResourceGroupName, '')) = lower(${params.bind(t.value, "String")})`;
      case "tag":
        return `${tagValueExpr(t.key, params, read)} = ${params.bind(t.value, "String")}`;
    }
  });
  return terms.map((t) => `(${t})`).join(" OR ");
}
