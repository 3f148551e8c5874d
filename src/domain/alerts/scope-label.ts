import type { AnalyticsScope, ScopeTerm } from "../analytics/scope";

const termLabel = (t: ScopeTerm) =>
  t.kind === "tag" ? `tag ${t.key}=${t.value}` : `${t.kind === "billing_account" ? "billing account" : t.kind === "sub_account" ? "sub account" : "resource group"} ${t.value}`;

/** The billing scope as a person reads it, for messages: "all billing data" or "sub account sub-b, tag env=prod". */
export function scopeLabel(scope: AnalyticsScope): string {
  if (scope.rows === "all") return "all billing data";
  if (scope.rows.length === 0) return "no billing data";
  return scope.rows.map(termLabel).join(", ");
}
