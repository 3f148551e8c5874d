import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { freshClickHouse } from "../helpers/chdb";
import { parseCsv } from "../helpers/parse-csv";
import { ingestFiles } from "~/domain/ingest";
import { costExplorer } from "~/domain/analytics/explorer";
import { dec } from "~/domain/analytics/decimal";
import { refreshRollups } from "~/domain/analytics/rollups";
import { onAnalyticsQuery, type AnalyticsContext } from "~/domain/analytics/run";
import { UNRESTRICTED_SCOPE } from "~/domain/analytics/scope";
import { invalidateResultCache } from "~/domain/analytics/cache";
import { resetRollupFreshness, rollupFreshness, settleRollups } from "~/domain/analytics/freshness";
import { toCsv } from "~/domain/analytics/export/csv";
import { toXlsx } from "~/domain/analytics/export/xlsx";
import { insertFocusRows } from "./focus-rows";

const ACTUAL = path.resolve("test/fixtures/azure-ea/EA_ActualCost_Small.csv");
const AMORTIZED = path.resolve("test/fixtures/azure-ea/EA_AmortizedCost_Small.csv");

let ch: ClickHouseClient;
const ctx = (o: Partial<AnalyticsContext> = {}): AnalyticsContext => ({ ch, scope: UNRESTRICTED_SCOPE, cache: false, ...o });

/** Σ of a CSV column per currency, straight from the file (independent of the pipeline). */
function csvSum(file: string, column: string): Map<string, string> {
  const [header, ...rows] = parseCsv(fs.readFileSync(file, "utf8"));
  const c = header!.indexOf(column);
  const cur = header!.indexOf("BillingCurrency");
  const out = new Map<string, string>();
  for (const r of rows) out.set(r[cur]!, dec.add(out.get(r[cur]!) ?? "0", r[c]!));
  return out;
}

beforeAll(async () => {
  ({ ch } = await freshClickHouse());
  for (const [sourceId, file] of [["ea-actual", ACTUAL], ["ea-amortized", AMORTIZED]] as const) {
    const report = await ingestFiles(ch, { sourceId, files: [file] });
    for (const m of report.months) await refreshRollups(ch, { sourceId, billingMonth: m });
  }
}, 120_000);
afterAll(async () => ch?.close());

describe("dashboards on ingested EA fixture exports", () => {
  it("billed cost of the actual export and effective cost of the amortized export equal their Cost columns", async () => {
    const range = { from: "2023-01-01", to: "2024-12-31" };
    const only = (s: string) => [{ dim: "x_SourceId", op: "in" as const, values: [s] }];
    for (const source of ["auto", "raw"] as const) {
      const actual = await costExplorer(ctx({ source }), { ...range, metric: "BilledCost", filters: only("ea-actual") });
      expect(actual.source).toBe(source === "auto" ? "rollup" : "raw");
      expect(new Map(actual.totals.map((t) => [t.currency, t.value]))).toEqual(csvSum(ACTUAL, "Cost"));
      const amortized = await costExplorer(ctx({ source }), { ...range, metric: "EffectiveCost", filters: only("ea-amortized") });
      expect(new Map(amortized.totals.map((t) => [t.currency, t.value]))).toEqual(csvSum(AMORTIZED, "Cost"));
    }
  });

  it("a group-by adds up to the total and matches the raw table", async () => {
    const range = { from: "2023-01-01", to: "2024-12-31" };
    const rollup = await costExplorer(ctx(), { ...range, groupBy: "ServiceName", pageSize: 1000 });
    const raw = await costExplorer(ctx({ source: "raw" }), { ...range, groupBy: "ServiceName", pageSize: 1000 });
    expect(rollup.source).toBe("rollup");
    expect(rollup.rows).toEqual(raw.rows);
    expect(dec.add(...rollup.rows.map((r) => r.value))).toBe(rollup.totals[0]?.value);
  });
});

describe("result cache and rollup refresh", () => {
  it("serves repeated queries from the cache and drops them when new data lands", async () => {
    invalidateResultCache();
    const seen: { name: string; cached: boolean }[] = [];
    const off = onAnalyticsQuery((q) => seen.push(q));
    const input = { from: "2031-05-01", to: "2031-05-31" };
    const first = await costExplorer(ctx({ cache: true }), input);
    const again = await costExplorer(ctx({ cache: true }), input);
    expect(first.totals).toEqual([]);
    expect(again).toEqual(first);
    expect(seen.filter((q) => q.name === "explorer.groups").map((q) => q.cached)).toEqual([false, true]);

    await insertFocusRows(ch, [{ day: "2031-05-02", cost: "12.34", source: "late", currency: "EUR" }]);
    await refreshRollups(ch, { sourceId: "late", billingMonth: "2031-05-01" });
    const after = await costExplorer(ctx({ cache: true }), input);
    off();
    expect(after.source).toBe("rollup");
    expect(after.totals.map((t) => [t.currency, t.value])).toEqual([["EUR", "12.34"]]);

    // a month that lost all its rows is dropped from the rollups too
    await ch.command({ query: "ALTER TABLE focus_billing_data DROP PARTITION ('late', '2031-05-01')" });
    await refreshRollups(ch, { sourceId: "late", billingMonth: "2031-05-01" });
    expect((await costExplorer(ctx({ cache: true }), input)).totals).toEqual([]);
  });
});

describe("exports", () => {
  const table = { name: "Costs: by service", columns: ["Service", "Cost"], rows: [["=cmd()", "1.230000000000000001"], ['Say "hi", ok', "-2"], ["(none)", null]] };

  it("writes CSV with quoting and formula injection neutralised", () => {
    expect(toCsv(table)).toBe(`Service,Cost\r\n'=cmd(),1.230000000000000001\r\n"Say ""hi"", ok",-2\r\n(none),\r\n`);
  });

  it("writes an XLSX that unzip reads, numbers kept exact", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "abi-xlsx-")), "t.xlsx");
    fs.writeFileSync(file, toXlsx(table));
    const listing = execFileSync("unzip", ["-l", file], { encoding: "utf8" });
    for (const part of ["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"]) expect(listing).toContain(part);
    execFileSync("unzip", ["-tq", file]);
    const sheet = execFileSync("unzip", ["-p", file, "xl/worksheets/sheet1.xml"], { encoding: "utf8" });
    expect(sheet).toContain("<v>1.230000000000000001</v>");
    expect(sheet).toContain("Say &quot;hi&quot;, ok");
    expect(execFileSync("unzip", ["-p", file, "xl/workbook.xml"], { encoding: "utf8" })).toContain('name="Costs  by service"');
  });
});

describe("rollup freshness", () => {
  it("reads the raw table while a swapped month's rollups lag, then rebuilds them in the background", async () => {
    const input = { from: "2032-01-01", to: "2032-01-31" };
    await insertFocusRows(ch, [{ day: "2032-01-05", cost: "7.5", source: "unwired" }]);
    // no refreshRollups: the numbers must still be right once the 1-second memos expire
    // (reset here instead of sleeping)
    resetRollupFreshness();
    invalidateResultCache();
    const during = await costExplorer(ctx(), input);
    expect(during.source).toBe("raw");
    expect(during.totals.map((t) => t.value)).toEqual(["7.5"]);
    await settleRollups();
    const after = await costExplorer(ctx(), input);
    expect(after.source).toBe("rollup");
    expect(after.totals.map((t) => t.value)).toEqual(["7.5"]);
    expect((await rollupFreshness(ch)).fresh).toBe(true);
  });
});
