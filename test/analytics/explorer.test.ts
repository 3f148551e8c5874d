import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { freshClickHouse } from "../helpers/chdb";
import { costExplorer, dimensionValues, tagKeys } from "~/domain/analytics/explorer";
import { rebuildAllRollups } from "~/domain/analytics/rollups";
import { UNRESTRICTED_SCOPE } from "~/domain/analytics/scope";
import { AnalyticsInputError } from "~/domain/analytics/errors";
import type { AnalyticsContext } from "~/domain/analytics/run";
import { insertFocusRows } from "./focus-rows";

let ch: ClickHouseClient;
const ctx = (source: "auto" | "raw" = "auto"): AnalyticsContext => ({ ch, scope: UNRESTRICTED_SCOPE, source, cache: false });

// Hand-made month: two services, two currencies, tags on some rows.
//   EUR Virtual Machines: 10.10 (03-01, env=prod) + 20.20 (03-02, env=dev) + 5.05 (03-08, no tag) = 35.35
//   EUR Storage:           1.50 (03-01, env=prod) + 2.50 (03-09, env=prod)                      =  4.00
//   USD Virtual Machines: 100.00 (03-02, env=prod)
beforeAll(async () => {
  ({ ch } = await freshClickHouse());
  await insertFocusRows(ch, [
    { day: "2025-03-01", cost: "10.10", list: "12.00", tags: { env: "prod", team: "a" } },
    { day: "2025-03-02", cost: "20.20", list: "25.00", tags: { env: "dev" }, subAccount: "sub-b" },
    { day: "2025-03-08", cost: "5.05", list: "5.05" },
    { day: "2025-03-01", cost: "1.50", service: "Storage Accounts", category: "Storage", subcategory: "Object Storage", tags: { env: "prod" } },
    { day: "2025-03-09", cost: "2.50", service: "Storage Accounts", category: "Storage", subcategory: "Object Storage", tags: { env: "prod" } },
    { day: "2025-03-02", cost: "100.00", list: "130.00", currency: "USD", tags: { env: "prod" } },
  ]);
  await rebuildAllRollups(ch);
}, 60_000);
afterAll(async () => ch?.close());

const march = { from: "2025-03-01", to: "2025-03-31" };

describe("cost explorer", () => {
  it("totals per currency, never summed across currencies", async () => {
    const r = await costExplorer(ctx(), { ...march, metric: "EffectiveCost" });
    expect(r.totals.map((t) => [t.currency, t.value])).toEqual([
      ["EUR", "39.35"],
      ["USD", "100"],
    ]);
    expect(r.currencies).toEqual(["EUR", "USD"]);
    expect(r.source).toBe("rollup");
  });

  it("groups by a column with each currency apart, same on rollup and raw", async () => {
    for (const source of ["auto", "raw"] as const) {
      const r = await costExplorer(ctx(source), { ...march, groupBy: "ServiceName", metric: "EffectiveCost" });
      expect(r.rows.map((x) => [x.group, x.currency, x.value])).toEqual([
        ["Virtual Machines", "USD", "100"],
        ["Virtual Machines", "EUR", "35.35"],
        ["Storage Accounts", "EUR", "4"],
      ]);
      expect(r.totalRows).toBe(3);
    }
  });

  it("computes savings as list − effective", async () => {
    const r = await costExplorer(ctx(), { ...march, metric: "Savings", groupBy: "BillingCurrency" });
    expect(Object.fromEntries(r.rows.map((x) => [x.group, x.value]))).toEqual({ EUR: "6.7", USD: "30" });
  });

  it("groups by a tag key and filters on tags (include and exclude)", async () => {
    const byEnv = await costExplorer(ctx(), { ...march, groupBy: "tag:env", sort: "name_asc", filters: [{ dim: "BillingCurrency", op: "in", values: ["EUR"] }] });
    expect(byEnv.rows.map((x) => [x.group, x.value])).toEqual([
      ["", "5.05"],
      ["dev", "20.2"],
      ["prod", "14.1"],
    ]);
    const prodOnly = await costExplorer(ctx(), { ...march, filters: [{ dim: "tag:env", op: "in", values: ["prod"] }] });
    expect(prodOnly.totals.map((t) => [t.currency, t.value])).toEqual([["EUR", "14.1"], ["USD", "100"]]);
    const notProd = await costExplorer(ctx("raw"), { ...march, filters: [{ dim: "tag:env", op: "not_in", values: ["prod"] }] });
    expect(notProd.totals.map((t) => [t.currency, t.value])).toEqual([["EUR", "25.25"]]);
  });

  it("builds a weekly series with the top groups and an Other bucket", async () => {
    const r = await costExplorer(ctx(), { ...march, granularity: "week", groupBy: "ServiceName", topSeries: 1, filters: [{ dim: "BillingCurrency", op: "in", values: ["EUR"] }] });
    // 2025-03-01 is a Saturday: its week starts Monday 2025-02-24
    expect(r.series.map((s) => [s.period, s.group, s.other, s.value])).toEqual([
      ["2025-02-24", "", true, "1.5"],
      ["2025-02-24", "Virtual Machines", false, "30.3"],
      ["2025-03-03", "", true, "2.5"],
      ["2025-03-03", "Virtual Machines", false, "5.05"],
    ]);
  });

  it("pages and sorts the table", async () => {
    const p0 = await costExplorer(ctx(), { ...march, groupBy: "SubAccountId", sort: "name_desc", pageSize: 1, page: 0 });
    const p1 = await costExplorer(ctx(), { ...march, groupBy: "SubAccountId", sort: "name_desc", pageSize: 1, page: 1 });
    expect(p0.totalRows).toBe(3);
    expect([p0.rows[0]?.group, p1.rows[0]?.group]).toEqual(["sub-b", "sub-a"]);
  });

  it("refuses identifiers outside the whitelist and lists tag keys and values", async () => {
    await expect(costExplorer(ctx(), { ...march, groupBy: "BilledCost); DROP TABLE x; --" })).rejects.toBeInstanceOf(AnalyticsInputError);
    await expect(costExplorer(ctx(), { ...march, filters: [{ dim: "x_IngestRunId", op: "in", values: ["a"] }] })).rejects.toThrow(/cannot group or filter/);
    await expect(costExplorer(ctx(), { ...march, metric: "sum(1)" })).rejects.toThrow();
    expect(await tagKeys(ctx(), march)).toEqual(["env", "team"]);
    const values = await dimensionValues(ctx(), { ...march, dim: "tag:env" });
    expect(values.map((v) => v.value)).toEqual(["prod", "dev", ""]);
  });
});
