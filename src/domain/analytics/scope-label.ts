import type { AnalyticsScope, ScopeTerm } from "./scope";

const KIND_LABEL: Record<Exclude<ScopeTerm["kind"], "tag">, string> = {
  billing_account: "billing account",
  sub_account: "subscription",
  resource_group: "resource group",
};

/** One line naming the billing data a user sees, for report title blocks: "All billing data", "subscription sub-a or tag team=web". */
export function describeAnalyticsScope(scope: AnalyticsScope): string {
  if (scope.rows === "all") return "All billing data";
  if (scope.rows.length === 0) return "No billing data (no grants)";
  return scope.rows.map((t) => (t.kind === "tag" ? `tag ${t.key}=${t.value}` : `${KIND_LABEL[t.kind]} ${t.value}`)).join(" or ");
}
