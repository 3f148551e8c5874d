import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import type { ClickHouseClient } from "@clickhouse/client";
import { compileSlice, sliceWhere, withRange } from "~/domain/analytics/compiled-slice";
import { Params } from "~/domain/analytics/params";
import type { AnalyticsScope } from "~/domain/analytics/scope";
import { addDays } from "~/domain/analytics/filters";
import { freshClickHouse } from "../helpers/chdb";
import { insertFocusRows, type FocusRowInput } from "./focus-rows";

/** Every day of January 2025: sub-a env=prod 10, sub-a env=dev 3, sub-b env=prod 7 (EUR). */
function dataset(): FocusRowInput[] {
  const rows: FocusRowInput[] = [];
  for (let d = "2025-01-01"; d <= "2025-01-31"; d = addDays(d, 1)) {
    rows.push({ day: d, cost: "10.00", subAccount: "sub-a", resourceId: "r1", tags: { env: "prod" } });
    rows.push({ day: d, cost: "3.00", subAccount: "sub-a", resourceId: "r2", tags: { env: "dev" } });
    rows.push({ day: d, cost: "7.00", subAccount: "sub-b", resourceId: "r3", tags: { env: "prod" } });
  }
  return rows;
}

const scope: AnalyticsScope = { userId: "u", role: "viewer", rows: [{ kind: "sub_account", value: "sub-a" }] };
const slice = { from: "2025-01-01", to: "2025-01-10", filters: [{ dim: "tag:env", op: "in" as const, values: ["prod"] }] };

let ch: ClickHouseClient;
let dataDir: string;
beforeAll(async () => {
  ({ ch, dataDir } = await freshClickHouse());
  await insertFocusRows(ch, dataset());
});
afterAll(async () => {
  await ch.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function total(where: string, p: Params): Promise<number> {
  const rs = await ch.query({ query: `SELECT toFloat64(sum(EffectiveCost)) AS s FROM focus_billing_data WHERE ${where}`, query_params: p.values, format: "JSONEachRow" });
  return (await rs.json<{ s: number }>())[0]!.s;
}

describe("compiled slice", () => {
  it("binds every value: no day, filter value, tag key or scope value is in the SQL text", () => {
    const c = compileSlice(slice, scope);
    for (const v of ["2025-01", "prod", "env", "sub-a"]) expect(c.sql).not.toContain(v);
    expect(Object.values(c.values)).toEqual(expect.arrayContaining(["env", ["prod"], "sub-a", "2025-01-01 00:00:00", "2025-01-11 00:00:00"]));
    expect(c.dimensions).toEqual(["tag:env"]);
  });

  it("one compiled slice serves several statements, each with its own parameters, and filters like the hand-written WHERE", async () => {
    const c = compileSlice(slice, scope);
    const a = new Params();
    const b = new Params();
    const whereA = sliceWhere(c, a, [`EffectiveCost > ${a.bind(5, "Float64")}`]);
    const whereB = sliceWhere(c, b);
    // by hand: sub-a and env=prod is the 10.00 row only, 10 days
    expect(await total(whereA, a)).toBe(100);
    expect(await total(whereB, b)).toBe(100);
  });

  it("withRange rebinds only the days", async () => {
    const c = compileSlice(slice, scope);
    const w = withRange(c, { from: "2025-01-21", to: "2025-01-31" });
    expect(w.conditions).toBe(c.conditions);
    expect(w.values.sliceFrom).toBe("2025-01-21 00:00:00");
    const p = new Params();
    expect(await total(sliceWhere(w, p), p)).toBe(110); // 11 days × 10.00
  });

  it("refuses a range that ends before it starts, as the plain WHERE did", () => {
    expect(() => compileSlice({ from: "2025-01-10", to: "2025-01-01" }, scope)).toThrow(/ends/);
  });
});
