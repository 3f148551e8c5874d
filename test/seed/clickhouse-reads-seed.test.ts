import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EA_2024_08_01_COLUMNS, EA_LEGACY_COLUMNS, generateEaExports, type GenerateEaExportsResult } from "~/domain/seed";
import type { ClickHouseClient } from "~/domain/runtime/clickhouse";
import { freshClickHouse } from "../helpers/chdb";

// chDB binds one data directory per process: one engine for the whole file
let ch: ClickHouseClient;
let modern: GenerateEaExportsResult;
let legacy: GenerateEaExportsResult;

const allStrings = (cols: readonly string[]) => cols.map((c) => `\`${c}\` String`).join(", ");

async function rows<T>(query: string, params: Record<string, unknown>): Promise<T[]> {
  const rs = await ch.query({ query, query_params: params, format: "JSONEachRow" });
  return rs.json<T>();
}

beforeAll(async () => {
  ({ ch } = await freshClickHouse({ migrate: false }));
  const dir = (n: string) => fs.mkdtempSync(path.join(os.tmpdir(), `abi-seed-ch-${n}-`));
  modern = await generateEaExports({ outDir: dir("modern"), months: 2, endMonth: "2025-02", rowsPerDay: 120, seed: 11 });
  legacy = await generateEaExports({ outDir: dir("legacy"), months: 1, endMonth: "2025-02", rowsPerDay: 120, seed: 11, headerVersion: "legacy" });
});

describe("ClickHouse reads the generated exports", () => {
  it("parses every 2024-08-01 file with CSVWithNames: same row count and exact cost total as the generator", async () => {
    expect(modern.files).toHaveLength(4);
    for (const f of modern.files) {
      const [r] = await rows<{ n: string; cost: string; first: string; last: string; badTags: string; badInfo: string }>(
        `SELECT count() AS n,
                sum(toDecimal128(CostInBillingCurrency, 10)) AS cost,
                toString(min(parseDateTime(Date, '%m/%d/%Y'))) AS first,
                toString(max(parseDateTime(Date, '%m/%d/%Y'))) AS last,
                countIf(Tags != '' AND NOT isValidJSON(concat('{', Tags, '}'))) AS badTags,
                countIf(AdditionalInfo != '' AND NOT isValidJSON(AdditionalInfo)) AS badInfo
         FROM file({path:String}, 'CSVWithNames', {structure:String})`,
        { path: f.path, structure: allStrings(EA_2024_08_01_COLUMNS) },
      );
      expect(Number(r!.n)).toBe(f.rows);
      expect(r!.cost).toBe(f.cost);
      expect(r!.first.slice(0, 7)).toBe(f.month);
      expect(r!.last.slice(0, 7)).toBe(f.month);
      expect([r!.badTags, r!.badInfo]).toEqual(["0", "0"]);
    }
  });

  it("reads the first column despite the BOM, and the legacy layout by its own names", async () => {
    const actual = modern.files.find((f) => f.kind === "actual")!;
    const [m] = await rows<{ ids: string[] }>(
      `SELECT groupUniqArray(InvoiceSectionName) AS ids FROM file({path:String}, 'CSVWithNames', {structure:String})`,
      { path: actual.path, structure: allStrings(EA_2024_08_01_COLUMNS) },
    );
    expect([...m!.ids].sort()).toEqual(["Corporate IT", "Data & Analytics", "Engineering", "Unassigned"]);
    for (const f of legacy.files) {
      const [r] = await rows<{ n: string; cost: string; accounts: string }>(
        `SELECT count() AS n, sum(toDecimal128(Cost, 10)) AS cost, uniqExact(BillingAccountId) AS accounts
         FROM file({path:String}, 'CSVWithNames', {structure:String})`,
        { path: f.path, structure: allStrings(EA_LEGACY_COLUMNS) },
      );
      expect(Number(r!.n)).toBe(f.rows);
      expect(r!.cost).toBe(f.cost);
      expect(r!.accounts).toBe("1");
    }
  });

  it("infers the schema on its own (no structure given) and sums the same total", async () => {
    const f = modern.files.find((x) => x.kind === "amortized")!;
    const [r] = await rows<{ n: string; cost: string }>(
      `SELECT count() AS n, sum(toDecimal128(toString(CostInBillingCurrency), 10)) AS cost
       FROM file({path:String}, 'CSVWithNames') SETTINGS schema_inference_make_columns_nullable = 0, input_format_csv_use_best_effort_in_schema_inference = 0`,
      { path: f.path },
    );
    expect(Number(r!.n)).toBe(f.rows);
    expect(r!.cost).toBe(f.cost);
  });
});
