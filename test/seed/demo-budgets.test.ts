import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCommand } from "~/domain/commands/seed";
import { budgets } from "~/domain/db/schema";
import { seedDemoBudgets } from "~/domain/seed/demo-budgets";
import type { Runtime } from "~/domain/runtime";
import { adminCaller } from "../helpers/admin-caller";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";

/** Issue 14 "Found": the demo had no budget, so the budgets page was empty on first look. */
let rt: Runtime;
beforeAll(async () => {
  rt = await freshEmbeddedRuntime("demo-budgets");
  await seedCommand.run(rt, { months: 2, rowsPerDay: 100 }, () => {});
}, 300_000);
afterAll(async () => rt?.close());

describe("demo budgets after abi seed", () => {
  it("one budget per scope level, with actuals from the data and variance both ways", async () => {
    const caller = await adminCaller(rt);
    const list = await caller.budgets.list();
    const dims = list.map((b) => b.budget.filters[0]?.dim).sort();
    expect(dims).toEqual(["BillingAccountId", "SubAccountName", "tag:app", "x_ResourceGroupName"]);
    for (const { budget, status } of list) {
      expect(Number(status.actual), budget.name).toBeGreaterThan(0);
      expect(Number(status.variance), budget.name).not.toBe(0);
      // the actual is the budget's scope in SQL over the fact table, this period, in its currency
      const f = budget.filters[0]!;
      const col = f.dim === "tag:app" ? "JSONExtractString(ifNull(Tags, '{}'), 'app')" : f.dim;
      const rs = await rt.ch.query({
        query: `SELECT toString(sum(EffectiveCost)) AS s FROM focus_billing_data WHERE ${col} = {v:String} AND BillingCurrency = {c:String}
  AND toDate(ChargePeriodStart) BETWEEN {a:Date} AND {b:Date}`,
        query_params: { v: f.values[0], c: budget.currency, a: status.period!.start, b: status.asOf },
        format: "JSONEachRow",
      });
      const [{ s }] = (await rs.json<{ s: string }>()) as [{ s: string }];
      expect(status.actual, budget.name).toBe(s);
    }
    // some over (negative variance), some under, and a forecast that crosses a threshold the actual has not reached
    expect(list.some((b) => Number(b.status.variance) < 0)).toBe(true);
    expect(list.some((b) => Number(b.status.variance) > 0)).toBe(true);
    expect(list.some((b) => b.status.forecastCrosses.length > b.status.crossed.length)).toBe(true);
  });

  it("seeding them again adds no duplicate", async () => {
    expect(await seedDemoBudgets(rt.ch, rt.db)).toEqual([]);
    expect(await rt.db.select().from(budgets)).toHaveLength(4);
  });
});
