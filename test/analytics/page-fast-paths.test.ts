/**
 * The faster page paths of issue 15 item 2 return exactly what SQL over the raw fact table says:
 * the cost explorer's one-statement totals/table/top series, and the heatmap's one-pass row
 * assembly (200 resources, as the recommendations page asks), for an admin and a scoped user.
 * Oracle: hand-written SQL on focus_billing_data (not the rollups, not the product's functions).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { freshClickHouse } from "../helpers/chdb";
import { seedSyntheticFocus } from "../../scripts/bench/synthetic-focus";
import { rebuildAllRollups } from "~/domain/analytics/rollups";
import { costExplorer } from "~/domain/analytics/explorer";
import { heatmap } from "~/domain/analytics/heatmap";
import { UNRESTRICTED_SCOPE, type AnalyticsScope } from "~/domain/analytics/scope";
import type { AnalyticsContext } from "~/domain/analytics/run";

let ch: ClickHouseClient;
let range: { from: string; to: string };
const SCOPED: AnalyticsScope = { userId: "u", role: "viewer", rows: [{ kind: "sub_account", value: "sub-3" }] };
const USERS = [
  { who: "admin", scope: UNRESTRICTED_SCOPE, predicate: "1 = 1" },
  { who: "scoped", scope: SCOPED, predicate: "ifNull(SubAccountId, '') = 'sub-3'" },
] as const;

async function sql<T>(query: string): Promise<T[]> {
  return (await ch.query({ query, query_params: range, format: "JSONEachRow" })).json<T>();
}
const inRange = "ChargePeriodStart >= toDateTime({from:Date}) AND ChargePeriodStart < toDateTime({to:Date}) + INTERVAL 1 DAY";

beforeAll(async () => {
  ({ ch } = await freshClickHouse());
  // 200 resources × 395 days, sub account 29 in EUR, reservations with unused hours
  const seeded = await seedSyntheticFocus(ch, { rows: 80_000 });
  // idle resources: copies of some of sub-3's usage, costly, with zero consumed quantity
  await ch.command({
    query: `INSERT INTO focus_billing_data SELECT * REPLACE (concat(ResourceId, '-idle') AS ResourceId, ConsumedQuantity * 0 AS ConsumedQuantity, EffectiveCost * 40 AS EffectiveCost)
FROM focus_billing_data WHERE SubAccountId = 'sub-3' AND ChargeCategory = 'Usage' AND CommitmentDiscountStatus IS NULL AND ChargePeriodStart >= toDateTime({d:Date}) - INTERVAL 40 DAY`,
    query_params: { d: seeded.to },
  });
  await rebuildAllRollups(ch);
  range = { from: seeded.to.slice(0, 8) + "01", to: seeded.to };
  if (range.from > range.to) throw new Error("bad range");
}, 120_000);
afterAll(async () => ch?.close());

describe.each(USERS)("fast page paths ($who)", ({ scope, predicate }) => {
  const ctx = (): AnalyticsContext => ({ ch, scope, cache: false });

  it("cost explorer: totals, table pages and top series equal SQL over the raw table", async () => {
    type G = { grp: string; currency: string; value: string; billed: string; effective: string; list: string; contracted: string };
    const groups = await sql<G>(`SELECT SubAccountName AS grp, BillingCurrency AS currency, toString(sum(EffectiveCost)) AS value,
  toString(sum(BilledCost)) AS billed, toString(sum(EffectiveCost)) AS effective, toString(sum(ListCost)) AS list, toString(sum(ContractedCost)) AS contracted
FROM focus_billing_data WHERE ${inRange} AND (${predicate}) GROUP BY grp, currency ORDER BY sum(EffectiveCost) DESC, grp, currency`);
    const totals = await sql<Omit<G, "grp">>(`SELECT BillingCurrency AS currency, toString(sum(EffectiveCost)) AS value,
  toString(sum(BilledCost)) AS billed, toString(sum(EffectiveCost)) AS effective, toString(sum(ListCost)) AS list, toString(sum(ContractedCost)) AS contracted
FROM focus_billing_data WHERE ${inRange} AND (${predicate}) GROUP BY currency ORDER BY currency`);
    expect(groups.length).toBeGreaterThan(0);
    const norm = (r: object) => Object.fromEntries(Object.entries(r as Record<string, string>).map(([k, v]) => [k, k === "group" || k === "grp" || k === "currency" ? v : String(Number(v))]));
    for (const page of [0, 1]) {
      const r = await costExplorer(ctx(), { ...range, groupBy: "SubAccountName", pageSize: 4, page, topSeries: 3 });
      expect(r.source).toBe("rollup");
      expect(r.rows.map(norm)).toEqual(groups.slice(page * 4, page * 4 + 4).map(({ grp, ...g }) => norm({ group: grp, ...g })));
      expect(r.totalRows).toBe(groups.length > page * 4 ? groups.length : 0);
      expect(r.totals.map(norm)).toEqual(totals.map(norm));
      expect(r.currencies).toEqual(totals.map((t) => t.currency));
      // top 3 per currency by |value| (ties by name) are drawn, the rest is "Other"
      const top = new Set(
        totals.flatMap((t) =>
          groups
            .filter((g) => g.currency === t.currency)
            .sort((a, b) => Math.abs(Number(b.value)) - Math.abs(Number(a.value)) || (a.grp < b.grp ? -1 : 1))
            .slice(0, 3)
            .map((g) => g.grp),
        ),
      );
      expect(new Set(r.series.filter((s) => !s.other).map((s) => s.group))).toEqual(top);
    }
    const byName = await costExplorer(ctx(), { ...range, groupBy: "SubAccountName", sort: "name_asc", pageSize: 1000 });
    expect(byName.rows.map((x) => [x.group, x.currency])).toEqual(
      [...groups].sort((a, b) => (a.grp < b.grp ? -1 : a.grp > b.grp ? 1 : a.currency < b.currency ? -1 : 1)).map((g) => [g.grp, g.currency]),
    );
  });

  it("heatmap of 200 resources: rows, cells and near-zero flags equal SQL over the raw table", async () => {
    const usage = `${inRange} AND (${predicate}) AND ChargeCategory = 'Usage' AND ifNull(CommitmentDiscountStatus, '') != 'Unused' AND ResourceId IS NOT NULL`;
    const top = await sql<{ key: string; unit: string; currency: string; cost: string }>(`SELECT assumeNotNull(ResourceId) AS key, ifNull(ConsumedUnit, '') AS unit,
  BillingCurrency AS currency, toString(sum(EffectiveCost)) AS cost FROM focus_billing_data WHERE ${usage}
GROUP BY key, unit, currency ORDER BY sum(EffectiveCost) DESC, key LIMIT 200`);
    const cells = await sql<{ key: string; unit: string; currency: string; day: string; cost: string; quantity: string }>(`SELECT assumeNotNull(ResourceId) AS key,
  ifNull(ConsumedUnit, '') AS unit, BillingCurrency AS currency, toString(toDate(ChargePeriodStart)) AS day, toString(sum(EffectiveCost)) AS cost,
  toString(ifNull(sum(ConsumedQuantity), 0)) AS quantity FROM focus_billing_data WHERE ${usage} GROUP BY key, unit, currency, day`);
    const id = (c: { key: string; unit: string; currency: string }) => JSON.stringify([c.key, c.unit, c.currency]);
    const wanted = new Set(top.map(id));
    const expectedCells = cells.filter((c) => wanted.has(id(c)));
    // near zero (docs): paying while the quantity is 0, or most paid days under 1 % of the peak day
    const nearZero = (t: (typeof top)[number]) => {
      const days = expectedCells.filter((c) => id(c) === id(t));
      const peak = Math.max(0, ...days.map((d) => Number(d.quantity)));
      const paid = days.filter((d) => Number(d.cost) > 0);
      return Number(t.cost) > 0 && (peak === 0 || (paid.length > 0 && paid.filter((d) => Number(d.quantity) <= peak * 0.01).length / paid.length >= 0.5));
    };
    const h = await heatmap(ctx(), { ...range, rows: "resource", measure: "quantity", limit: 200 });
    expect(h.source).toBe("rollup");
    expect(h.rows.map((r) => [r.key, r.unit, r.currency, Number(r.cost), r.nearZeroUsage])).toEqual(top.map((t) => [t.key, t.unit, t.currency, Number(t.cost), nearZero(t)]));
    const key = (c: { key: string; unit: string; currency: string; day: string; cost: string; quantity: string }) => `${id(c)} ${c.day} ${Number(c.cost)} ${Number(c.quantity)}`;
    expect(h.cells.map(key).sort()).toEqual(expectedCells.map(key).sort());
    expect(h.rows.some((r) => r.nearZeroUsage)).toBe(true);
  });
});
