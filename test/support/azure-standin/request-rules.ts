/** What Azure checks on a generateCostDetailsReport call, per the REST spec and docs. */

export const SUPPORTED_API_VERSIONS = ["2022-05-01", "2022-10-01", "2023-03-01", "2023-08-01", "2023-11-01", "2024-08-01", "2025-03-01"];

const ID = "[A-Za-z0-9][A-Za-z0-9:_.\\-]*";
const SCOPE_PATTERNS: { kind: string; re: RegExp; agreement: "EA" | "MCA" | "any" }[] = [
  { kind: "subscription", re: new RegExp(`^subscriptions/[0-9a-fA-F-]{36}$`), agreement: "any" },
  { kind: "billingAccount", re: new RegExp(`^providers/Microsoft\\.Billing/billingAccounts/${ID}$`, "i"), agreement: "any" },
  { kind: "department", re: new RegExp(`^providers/Microsoft\\.Billing/billingAccounts/${ID}/departments/${ID}$`, "i"), agreement: "EA" },
  { kind: "enrollmentAccount", re: new RegExp(`^providers/Microsoft\\.Billing/billingAccounts/${ID}/enrollmentAccounts/${ID}$`, "i"), agreement: "EA" },
  { kind: "billingProfile", re: new RegExp(`^providers/Microsoft\\.Billing/billingAccounts/${ID}/billingProfiles/${ID}$`, "i"), agreement: "MCA" },
  { kind: "invoiceSection", re: new RegExp(`^providers/Microsoft\\.Billing/billingAccounts/${ID}/billingProfiles/${ID}/invoiceSections/${ID}$`, "i"), agreement: "MCA" },
  { kind: "customer", re: new RegExp(`^providers/Microsoft\\.Billing/billingAccounts/${ID}/customers/${ID}$`, "i"), agreement: "MCA" },
];

export function classifyScope(scope: string): { kind: string; agreement: "EA" | "MCA" | "any" } | undefined {
  return SCOPE_PATTERNS.find((p) => p.re.test(scope));
}

export class RuleViolation extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const pad = (n: number) => String(n).padStart(2, "0");
const iso = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** Validates the body and returns the month key (YYYY-MM, or the invoice id) whose data it asks for. */
export function checkReportBody(body: unknown, scope: string, now: Date): { dataKey: string; metric: string } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new RuleViolation(400, "BadRequest", "Invalid request payload. Request payload provided is not in a json format.");
  }
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).filter((k) => !["metric", "timePeriod", "billingPeriod", "invoiceId"].includes(k));
  if (unknown.length) {
    throw new RuleViolation(400, "BadRequest", `Invalid request payload. Member '${unknown[0]}' is not accepted in the request payload.`);
  }
  const metric = b.metric === undefined ? "ActualCost" : b.metric;
  if (metric !== "ActualCost" && metric !== "AmortizedCost") {
    throw new RuleViolation(400, "BadRequest", `Invalid request payload. metric '${String(metric)}' is not one of ActualCost, AmortizedCost.`);
  }
  const selectors = ["timePeriod", "billingPeriod", "invoiceId"].filter((k) => b[k] !== undefined);
  if (selectors.length > 1) {
    throw new RuleViolation(400, "BadRequest", "Invalid request payload: can only have either timePeriod or invoiceId or billingPeriod.");
  }
  const kind = classifyScope(scope);
  const earliest = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 13, now.getUTCDate()));
  if (b.billingPeriod !== undefined) {
    if (kind?.agreement === "MCA") {
      throw new RuleViolation(400, "BadRequest", "billingPeriod can only be used by Enterprise Agreement customers.");
    }
    const m = typeof b.billingPeriod === "string" ? /^(\d{4})(\d{2})$/.exec(b.billingPeriod) : null;
    if (!m) throw new RuleViolation(400, "BadRequest", "billingPeriod must use the YearMonth format, e.g. 202008.");
    const start = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
    if (start < new Date(Date.UTC(earliest.getUTCFullYear(), earliest.getUTCMonth(), 1))) {
      throw new RuleViolation(400, "BadRequest", `Start date must be after ${iso(earliest)}.`);
    }
    return { dataKey: `${m[1]}-${m[2]}`, metric };
  }
  if (b.invoiceId !== undefined) {
    if (kind?.kind !== "billingProfile" && kind?.kind !== "customer") {
      throw new RuleViolation(400, "BadRequest", "invoiceId can only be used at the Billing Profile or Customer scope.");
    }
    return { dataKey: String(b.invoiceId), metric };
  }
  if (b.timePeriod === undefined) return { dataKey: `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}`, metric };
  const tp = b.timePeriod as Record<string, unknown> | null;
  if (typeof tp !== "object" || tp === null || typeof tp.start !== "string" || typeof tp.end !== "string" || !DATE.test(tp.start) || !DATE.test(tp.end)) {
    throw new RuleViolation(400, "BadRequest", "Invalid request payload. timePeriod needs start and end dates in yyyy-MM-dd format.");
  }
  const start = new Date(`${tp.start}T00:00:00Z`);
  const end = new Date(`${tp.end}T00:00:00Z`);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end < start) {
    throw new RuleViolation(400, "BadRequest", "Invalid request payload. timePeriod end must not be before start.");
  }
  const oneMonthLater = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, start.getUTCDate()));
  if (end >= oneMonthLater) throw new RuleViolation(400, "BadRequest", "The maximum allowed date range is 1 months.");
  if (start < earliest) throw new RuleViolation(400, "BadRequest", `Start date must be after ${iso(earliest)}.`);
  return { dataKey: tp.start.slice(0, 7), metric };
}
