import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { rebuildAllRollups } from "~/domain/analytics/rollups";
import { insertFocusRows } from "../analytics/focus-rows";
import { startSecurityRuntime, type SecurityRuntime } from "./principals";
import { storedState } from "./stored-state";

/**
 * Hostile tRPC inputs: SQL in filters, group-by, sort keys, metrics and tag keys; NaN, Infinity
 * and negative numbers; reversed, huge and impossible dates; NUL bytes and broken Unicode.
 * Each is refused with a 400 that says what is wrong, or answered with safe output, and
 * nothing stored changes (ClickHouse sums and PostgreSQL row counts before and after).
 */

let s: SecurityRuntime;
type Caller = ReturnType<SecurityRuntime["caller"]>;
const march = { from: "2025-03-01", to: "2025-03-31" };
const XSS_TAG = "<img src=x onerror=window.__xss=1>";

beforeAll(async () => {
  s = await startSecurityRuntime("hostile-trpc");
  await insertFocusRows(s.rt.ch, [
    { day: "2025-03-01", cost: "10.00", tags: { env: "prod", owner: XSS_TAG } },
    { day: "2025-03-02", cost: "20.00", service: "Storage Accounts", category: "Storage", subcategory: "Object Storage", tags: { env: "dev" } },
    { day: "2025-03-03", cost: "5.00", currency: "USD", tags: { env: "prod" } },
  ]);
  await rebuildAllRollups(s.rt.ch);
}, 180_000);
afterAll(async () => s?.rt.close());

/** Totals per currency for March, straight from the fact table (the oracle). */
async function marchTotalsBySql(extraWhere = "1 = 1"): Promise<[string, string][]> {
  const rs = await s.rt.ch.query({
    query: `SELECT BillingCurrency AS c, toString(sum(EffectiveCost)) AS v FROM focus_billing_data
WHERE ChargePeriodStart >= '2025-03-01 00:00:00' AND ChargePeriodStart < '2025-04-01 00:00:00' AND ${extraWhere} GROUP BY c ORDER BY c`,
    format: "JSONEachRow",
  });
  return (await rs.json<{ c: string; v: string }>()).map((r) => [r.c, r.v]);
}

/** Runs a hostile call and checks nothing stored changed; returns the result or the tRPC error. */
async function hostile(call: (c: Caller) => Promise<unknown>, as: "admin" | "analyst" | "viewer" = "admin"): Promise<{ result?: unknown; error?: TRPCError }> {
  const before = await storedState(s.rt);
  let out: { result?: unknown; error?: TRPCError };
  try {
    out = { result: await call(s.caller(as)) };
  } catch (err) {
    if (!(err instanceof TRPCError)) throw err;
    out = { error: err };
  }
  expect(await storedState(s.rt)).toEqual(before);
  return out;
}

/** [case, call, what the 400's message must say] */
const refused: [string, (c: Caller) => Promise<unknown>, RegExp][] = [
  // SQL injection in identifiers: only whitelisted columns and enum values reach the SQL text
  ["explorer group-by with SQL", (c) => c.costs.explore({ ...march, groupBy: "ServiceName; DROP TABLE focus_billing_data" }), /cannot group or filter by/],
  ["explorer group-by with backticks", (c) => c.costs.explore({ ...march, groupBy: "`ServiceName`) OR (1" }), /cannot group or filter by/],
  ["explorer filter column with SQL", (c) => c.costs.explore({ ...march, filters: [{ dim: "ServiceName' OR '1'='1", op: "in", values: ["x"] }] }), /cannot group or filter by/],
  ["explorer sort key with SQL", (c) => c.costs.explore({ ...march, sort: "value DESC; DROP TABLE x" as never }), /sort/],
  ["explorer metric with SQL", (c) => c.costs.explore({ ...march, metric: "sum(BilledCost)) FROM system.users --" }), /metric/],
  ["explorer filter operator with SQL", (c) => c.costs.explore({ ...march, filters: [{ dim: "ServiceName", op: "in) OR (1=1" as never, values: ["x"] }] }), /op/],
  ["filter-picker values of a column with SQL", (c) => c.costs.values({ ...march, dim: "ServiceName UNION SELECT name FROM system.tables" }), /cannot group or filter by/],
  ["breakdown hierarchy with SQL", (c) => c.breakdown.level({ ...march, hierarchy: "account; DROP" as never }), /hierarchy/],
  ["breakdown filter column with SQL", (c) => c.breakdown.level({ ...march, filters: [{ dim: "1=1) OR (ServiceName", op: "not_in", values: ["x"] }] }), /cannot group or filter by/],
  ["heatmap rows with SQL", (c) => c.breakdown.heatmap({ ...march, rows: "resource, (SELECT 1)" as never }), /rows/],
  ["heatmap filter column with SQL", (c) => c.breakdown.heatmap({ ...march, filters: [{ dim: "ResourceId`; --", op: "in", values: ["x"] }] }), /cannot group or filter by/],
  ["anomalies dimension with SQL", (c) => c.anomalies.list({ ...march, dimension: "ServiceName, (SELECT 1)" }), /cannot group or filter by/],
  ["anomaly cause dimension with SQL", (c) => c.anomalies.cause({ dimension: "x'); DROP TABLE budgets; --", value: "x", day: "2025-03-02", currency: "EUR" }), /cannot group or filter by/],
  ["budget filter column with SQL", (c) => c.budgets.create({ name: "sqli", amount: "10", currency: "EUR", filters: [{ dim: "ServiceName' --", op: "in", values: ["x"] }] }), /cannot group or filter by/],
  ["empty tag key", (c) => c.costs.explore({ ...march, groupBy: "tag:   " }), /tag key/],
  ["saved view page with traversal", (c) => c.savedViews.save({ page: "/costs/../../admin", name: "x", query: "" }), /page path/],

  // numbers
  ["page size NaN", (c) => c.costs.explore({ ...march, pageSize: Number.NaN }), /pageSize/],
  ["page size Infinity", (c) => c.costs.explore({ ...march, pageSize: Number.POSITIVE_INFINITY }), /pageSize/],
  ["negative page", (c) => c.costs.explore({ ...march, page: -1 }), /page/],
  ["fractional page size", (c) => c.costs.explore({ ...march, pageSize: 2.5 }), /pageSize/],
  ["heatmap limit of a billion", (c) => c.breakdown.heatmap({ ...march, limit: 1e9 }), /limit/],
  ["anomalies negative minimum delta", (c) => c.anomalies.list({ ...march, minDelta: -5 }), /minDelta/],
  ["anomalies infinite minimum delta", (c) => c.anomalies.list({ ...march, minDelta: Number.POSITIVE_INFINITY }), /minDelta/],
  ["anomaly cause limit -1", (c) => c.anomalies.cause({ dimension: "ServiceName", value: "x", day: "2025-03-02", currency: "EUR", limit: -1 }), /limit/],
  ["budget amount negative", (c) => c.budgets.create({ name: "neg", amount: "-100", currency: "EUR" }), /positive number/],
  ["budget amount NaN", (c) => c.budgets.create({ name: "nan", amount: "NaN", currency: "EUR" }), /positive number/],
  ["budget amount Infinity", (c) => c.budgets.create({ name: "inf", amount: "Infinity", currency: "EUR" }), /positive number/],
  ["budget amount 1e309", (c) => c.budgets.create({ name: "exp", amount: "1e309", currency: "EUR" }), /positive number/],
  ["budget amount zero", (c) => c.budgets.create({ name: "zero", amount: "0.000", currency: "EUR" }), /more than 0/],
  ["budget threshold NaN", (c) => c.budgets.create({ name: "t1", amount: "10", currency: "EUR", thresholds: [Number.NaN] }), /thresholds/],
  ["budget threshold negative", (c) => c.budgets.create({ name: "t2", amount: "10", currency: "EUR", thresholds: [-50] }), /thresholds/],
  ["budget threshold Infinity", (c) => c.budgets.create({ name: "t3", amount: "10", currency: "EUR", thresholds: [Number.POSITIVE_INFINITY] }), /thresholds/],
  ["run list limit zero", (c) => c.ingestion.list({ limit: 0 }), /limit/],
  ["run list limit 1e9", (c) => c.ingestion.list({ limit: 1e9 }), /limit/],

  // ranges
  ["reversed range", (c) => c.costs.explore({ from: "2025-03-31", to: "2025-03-01" }), /ends \(2025-03-01\) before it starts/],
  ["huge range", (c) => c.costs.explore({ from: "1970-01-01", to: "2105-12-31" }), /the limit is/],
  ["a day past what the store holds", (c) => c.costs.explore({ from: "9999-12-31", to: "9999-12-31" }), /dates must be between 1970-01-01 and 2105-12-31/],
  ["a day that is not in the calendar", (c) => c.costs.explore({ from: "2025-02-30", to: "2025-03-02" }), /not a calendar day/],
  ["month 13 in an anomaly status", (c) => c.anomalies.setStatus({ dimension: "ServiceName", value: "x", day: "2025-13-45", currency: "EUR", status: "expected" }), /not a calendar day/],
  ["anomaly cause on day 9999-12-31", (c) => c.anomalies.cause({ dimension: "ServiceName", value: "x", day: "9999-12-31", currency: "EUR" }), /dates must be between/],
  ["reversed backfill", (c) => c.ingestion.backfill({ sourceId: "00000000-0000-4000-8000-000000000001", from: "2025-06", to: "2025-01" }), /must not be after/],

  // NUL bytes and broken Unicode in text that is stored
  ["NUL in a saved view's name", (c) => c.savedViews.save({ page: "/costs", name: "a\u0000b", query: "" }), /NUL bytes/],
  ["NUL in a saved view's query", (c) => c.savedViews.save({ page: "/costs", name: "ok", query: "groupBy=\u0000" }), /NUL bytes/],
  ["lone surrogate in a saved view's name", (c) => c.savedViews.save({ page: "/costs", name: "a\ud800b", query: "" }), /broken Unicode/],
  ["NUL in a budget's name", (c) => c.budgets.create({ name: "b\u0000", amount: "10", currency: "EUR" }), /NUL bytes/],
  ["NUL in an anomaly status value", (c) => c.anomalies.setStatus({ dimension: "ServiceName", value: "x\u0000", day: "2025-03-02", currency: "EUR", status: "expected" }), /NUL bytes/],
  ["lone low surrogate in an anomaly note", (c) => c.anomalies.setStatus({ dimension: "ServiceName", value: "x", day: "2025-03-02", currency: "EUR", status: "expected", note: "\udc00" }), /broken Unicode/],
  ["NUL in a user's name", (c) => c.users.create({ email: "nul@example.com", name: "a\u0000", role: "viewer", password: "a-long-password" }), /NUL bytes/],
  ["control character in a source name", (c) => c.sources.create({ name: "a\u0000b", plugin: "file-upload", config: {}, secrets: {} }), /control characters/],

  // source settings
  ["unknown plugin id with a path", (c) => c.sources.create({ name: "p", plugin: "../../etc/passwd", config: {}, secrets: {} }), /Unknown plugin/],
  ["S3 endpoint that is not a URL", (c) => c.sources.create({ name: "s3", plugin: "azure-exports-s3", config: { endpoint: "javascript:alert(1)//", bucket: "abc", accessKeyId: "k" }, secrets: { secretAccessKey: "s" } }), /endpoint/],
  ["file-upload source with extra config", (c) => c.sources.create({ name: "fu", plugin: "file-upload", config: { path: "/etc/passwd" }, secrets: {} }), /path|Unrecognized/i],

  // printing: only dashboard paths of this app
  ["PDF of another host", (c) => c.exports.pdf({ path: "//evil.example/costs" }), /Only dashboard pages/],
  ["PDF of a file URL", (c) => c.exports.pdf({ path: "file:///etc/passwd" }), /Only dashboard pages/],
];

describe("refused with a clear 400, nothing stored", () => {
  it.each(refused)("%s", async (_name, call, message) => {
    const { result, error } = await hostile(call);
    expect(result, "the call should have been refused").toBeUndefined();
    expect(error?.code).toBe("BAD_REQUEST");
    const text = [error!.message, ...(((error!.cause as { issues?: { path: unknown[]; message: string }[] })?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`))].join(" | ");
    expect(text).toMatch(message);
    expect(text).not.toMatch(/Failed query|Code: \d+|at .*\.ts:\d+/);
  });
});

describe("answered with safe output, nothing stored", () => {
  it("a tag key full of SQL is a bound value: it groups nothing and the totals stay the fact table's", async () => {
    const { result } = await hostile((c) => c.costs.explore({ ...march, groupBy: "tag:env') OR 1=1; DROP TABLE focus_billing_data; --" }));
    const r = result as { totals: { currency: string; value: string }[]; rows: { group: string }[] };
    expect(r.totals.map((t) => [t.currency, t.value])).toEqual(await marchTotalsBySql());
    expect(new Set(r.rows.map((x) => x.group))).toEqual(new Set([""]));
  });

  it("filter values full of SQL match nothing (include) and everything (exclude)", async () => {
    const values = ["x' OR '1'='1", "') OR 1=1 --", "\\'; DROP TABLE focus_billing_data; --"];
    const inc = (await hostile((c) => c.costs.explore({ ...march, filters: [{ dim: "ServiceName", op: "in", values }] }))).result as { totals: unknown[] };
    expect(inc.totals).toEqual([]);
    const exc = (await hostile((c) => c.costs.explore({ ...march, filters: [{ dim: "tag:env", op: "not_in", values }] }))).result as { totals: { currency: string; value: string }[] };
    expect(exc.totals.map((t) => [t.currency, t.value])).toEqual(await marchTotalsBySql());
  });

  it("NUL bytes, lone surrogates and overlong-looking text in filter values are bound values that match nothing", async () => {
    const values = ["Virtual\u0000Machines", "\ud800", "\udfff\ud800", "\u00c0\u00af", "\ufeffVirtual Machines"];
    const r = (await hostile((c) => c.costs.explore({ ...march, filters: [{ dim: "ServiceName", op: "in", values }] }))).result as { totals: unknown[] };
    expect(r.totals).toEqual([]);
  });

  it("a tag value carrying markup comes back as the same plain string (escaping is the page's job)", async () => {
    const r = (await hostile((c) => c.costs.values({ ...march, dim: "tag:owner" }))).result as { value: string }[];
    expect(r.map((v) => v.value)).toContain(XSS_TAG);
  });

  it("a search text with LIKE wildcards and quotes is matched literally", async () => {
    const r = (await hostile((c) => c.costs.values({ ...march, dim: "ServiceName", search: "%' OR '1'='1" }))).result as unknown[];
    expect(r).toEqual([]);
  });

  it("a breakdown path value full of SQL drills into nothing", async () => {
    const r = (await hostile((c) => c.breakdown.level({ ...march, path: ["') OR 1=1 --"] }))).result as { nodes: unknown[] };
    expect(r.nodes).toEqual([]);
  });

  it("a heatmap tag filter whose key is SQL matches the rows with no such tag", async () => {
    const r = (await hostile((c) => c.breakdown.heatmap({ ...march, filters: [{ dim: "tag:'; DROP TABLE x; --", op: "in", values: [""] }] }))).result as { rows: { currency: string; cost: string }[] };
    const byCurrency = new Map<string, number>();
    for (const row of r.rows) byCurrency.set(row.currency, (byCurrency.get(row.currency) ?? 0) + Number(row.cost));
    expect([...byCurrency].sort().map(([c, v]) => [c, String(v)])).toEqual(await marchTotalsBySql("ChargeCategory = 'Usage'"));
  });

  it("a range long before any data (January 1970) reads nothing and fails nothing", async () => {
    const r = (await hostile((c) => c.costs.explore({ from: "1970-01-01", to: "1970-01-31" }))).result as { totals: unknown[] };
    expect(r.totals).toEqual([]);
  });
});
