import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { addDays } from "~/domain/analytics/filters";
import { onAnalyticsQuery, type AnalyticsContext } from "~/domain/analytics/run";
import { UNRESTRICTED_SCOPE, type AnalyticsScope } from "~/domain/analytics/scope";
import { commitmentUtilisation } from "~/domain/analytics/commitments";
import { dashboardWorkload } from "../../scripts/bench/dashboard-workload";
import { clickHouseWithRows, type FocusRowInput } from "./focus-rows";

/**
 * Scopes add a predicate to every query: a scoped user must still read the rollups (what the
 * bench measures) wherever the admin does, and get the same numbers as the raw table.
 * Data, every day 2025-01-01 … 2025-02-28: sub-a vm (env=prod) on reservation ri-1 used 30 EUR,
 * ri-1 unused 10 EUR (untagged), sub-b storage (env=dev) 20 EUR, sub-c untagged 15 USD.
 */
function dataset(): FocusRowInput[] {
  const rows: FocusRowInput[] = [];
  const ri = { id: "ri-1", name: "VM reservation", type: "Reservation" as const };
  for (let d = "2025-01-01"; d <= "2025-02-28"; d = addDays(d, 1)) {
    rows.push({ day: d, cost: "30.00", list: "50.00", billingAccount: "ba-1", subAccount: "sub-a", resourceId: "vm-1", tags: { env: "prod" }, commitment: { ...ri, status: "Used" }, pricingCategory: "Committed" });
    rows.push({ day: d, cost: "10.00", billingAccount: "ba-1", subAccount: "sub-a", resourceId: "ri-1", commitment: { ...ri, status: "Unused" }, quantity: null });
    rows.push({ day: d, cost: "20.00", billingAccount: "ba-1", subAccount: "sub-b", resourceId: "st-1", service: "Storage Accounts", category: "Storage", subcategory: "Storage", tags: { env: "dev" } });
    rows.push({ day: d, cost: "15.00", currency: "USD", billingAccount: "ba-2", subAccount: "sub-c", resourceId: "vm-9" });
  }
  return rows;
}

const SCOPES: Record<string, AnalyticsScope> = {
  admin: UNRESTRICTED_SCOPE,
  subs: { userId: "u1", role: "viewer", rows: [{ kind: "sub_account", value: "sub-a" }, { kind: "sub_account", value: "sub-c" }] },
  tag: { userId: "u2", role: "viewer", rows: [{ kind: "tag", key: "env", value: "prod" }] },
  billingAccount: { userId: "u3", role: "viewer", rows: [{ kind: "billing_account", value: "ba-1" }] },
};

let ch: ClickHouseClient;
beforeAll(async () => {
  ch = await clickHouseWithRows(dataset());
});
afterAll(async () => {
  await ch.close();
});

const ctxFor = (scope: AnalyticsScope, source: "auto" | "raw" = "auto"): AnalyticsContext => ({ ch, scope, source, cache: false });

async function sources(scope: AnalyticsScope): Promise<Record<string, string>> {
  const seen: Record<string, string> = {};
  const off = onAnalyticsQuery((q) => {
    seen[q.name] = seen[q.name] === "raw" ? "raw" : q.source;
  });
  try {
    for (const w of dashboardWorkload("2025-02-28")) await w.run(ctxFor(scope));
  } finally {
    off();
  }
  return seen;
}

describe("scoped users on the rollups", () => {
  it.each(Object.keys(SCOPES))("every dashboard statement of %s reads a rollup", async (who) => {
    const seen = await sources(SCOPES[who]!);
    expect(Object.keys(seen).length).toBeGreaterThan(15);
    expect(Object.entries(seen).filter(([, s]) => s !== "rollup")).toEqual([]);
  });

  it("a tag-scoped user's commitment utilisation comes from the rollup with the numbers of the raw rows", async () => {
    const range = { from: "2025-02-01", to: "2025-02-28", filters: [] };
    let source = "";
    const off = onAnalyticsQuery((q) => {
      if (q.name === "commitments.utilisation") source = q.source;
    });
    const rows = await commitmentUtilisation(ctxFor(SCOPES.tag!), range).finally(off);
    expect(source).toBe("rollup");
    // oracle, by hand: env=prod is only the used vm-1 row, 30 EUR a day for 28 days; the unused
    // ri-1 row is untagged, so the tag-scoped user does not see it
    expect(rows.map((r) => ({ id: r.id, currency: r.currency, used: Number(r.used), unused: Number(r.unused), savings: Number(r.savingsVsList) }))).toEqual([
      { id: "ri-1", currency: "EUR", used: 840, unused: 0, savings: 560 },
    ]);
  });
});
