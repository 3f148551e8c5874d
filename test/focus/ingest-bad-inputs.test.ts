import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { freshClickHouse } from "../helpers/chdb";
import { ingestFiles, IngestInputError } from "~/domain/ingest";
import { rows, FIX } from "./helpers";

let ch: ClickHouseClient;
let tmp: string;
const ACTUAL = FIX("azure-ea/EA_ActualCost_Small.csv");
const SOURCE = "bad";
let baseline: Record<string, string>;

const text = () => fs.readFileSync(ACTUAL, "utf8");
const write = (name: string, data: string | Buffer) => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, data);
  return p;
};
/** Replaces one cell (by header name) in data row `row` (1-based) of the actual fixture. */
function withCell(column: string, row: number, value: string): string {
  const lines = text().split("\n");
  const header = lines[0]!.replace(/^\uFEFF/, "").split(",");
  const col = header.indexOf(column);
  const cells = lines[row]!.split(",");
  // rows 2.. of the fixture have quoted cells later on; the columns we edit come before any quote
  cells[col] = value;
  lines[row] = cells.join(",");
  return lines.join("\n");
}
const totals = async () =>
  (await rows(ch, "SELECT count() AS n, toString(sum(BilledCost)) AS b FROM focus_billing_data WHERE x_SourceId = {s:String}", { s: SOURCE }))[0]!;

beforeAll(async () => {
  ({ ch } = await freshClickHouse());
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "abi-bad-"));
  await ingestFiles(ch, { sourceId: SOURCE, files: [ACTUAL] });
  baseline = await totals();
});

describe("bad inputs end in a clear error and keep the stored data", () => {
  const cases: [string, () => string, RegExp][] = [
    ["empty file", () => write("empty.csv", ""), /empty/],
    ["header only", () => FIX("azure-ea/EA_NoRows.csv"), /no data rows/],
    ["missing columns", () => write("missing.csv", "Date,Quantity,MeterCategory\n09/01/2023,1,Storage\n"), /missing: .*CostInBillingCurrency/],
    ["unknown file", () => write("other.csv", "name,age\nbob,3\n"), /not a recognised cost file/],
    ["semicolon delimiter", () => write("semi.csv", text().replace(/,/g, ";")), /semicolon/],
    ["truncated gzip", () => write("trunc.csv.gz", zlib.gzipSync(Buffer.from(text())).subarray(0, 2000)), /gzip data is truncated or corrupt/],
    ["UTF-16 encoding", () => write("utf16.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text(), "utf16le")])), /UTF-16/],
    ["ragged row", () => write("ragged.csv", `${text()}1,2,3\n`), /cannot parse the CSV/],
  ];
  for (const [label, make, message] of cases) {
    it(label, async () => {
      const err = await ingestFiles(ch, { sourceId: SOURCE, files: [make()] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IngestInputError);
      expect((err as Error).message).toMatch(message);
      expect(await totals()).toEqual(baseline);
    });
  }
});

describe("bad rows are quarantined with their rule and raw row", () => {
  it("a cost that is not a number", async () => {
    const r = await ingestFiles(ch, { sourceId: "q-cost2", files: [write("cost2.csv", withCell("Cost", 2, "abc"))] });
    expect(r.rows).toEqual({ in: 11, loaded: 10, quarantined: 1, excluded: 0 });
    expect(r.quarantine.map((q) => q.rule)).toContain("BilledCost-C-003-M");
    // Its money is in no total: the run's reconciliation says so instead of balancing silently.
    expect(r.periods).toEqual([expect.objectContaining({ billingMonth: "2023-09-01", quarantinedRows: 1, unreadableCostRows: 1, unaccounted: "0" })]);
    const [q] = await rows(ch, "SELECT row_number, rule_ids, raw_row, file_name FROM focus_quarantine WHERE x_SourceId = 'q-cost2'");
    expect(q!.row_number).toBe("2");
    expect(q!.file_name).toBe("cost2.csv");
    expect(JSON.parse(q!.raw_row as string)).toMatchObject({ Cost: "abc", MeterCategory: "Storage" });
  });

  it("a date that does not exist", async () => {
    const r = await ingestFiles(ch, { sourceId: "q-date", files: [write("date.csv", withCell("Date", 3, "13/45/2023"))] });
    expect(r.rows).toMatchObject({ in: 11, loaded: 10, quarantined: 1 });
    expect(r.quarantine.map((q) => q.rule)).toContain("ChargePeriodStart-C-003-M");
  });

  it("a latin-1 byte in a text cell", async () => {
    const latin = Buffer.from(withCell("SubscriptionName", 2, "Caf\u00e9 Research").replace(/^\uFEFF/, ""), "latin1");
    const r = await ingestFiles(ch, { sourceId: "q-enc", files: [write("latin1.csv", latin)] });
    expect(r.rows).toMatchObject({ in: 11, loaded: 10, quarantined: 1 });
    expect(r.quarantine.map((q) => q.rule)).toContain("x_StringHandlingValidUnicode");
  });

  it("a 10 MB tag value loads as one flat JSON object", async () => {
    const big = "x".repeat(10 * 1024 * 1024);
    const lines = text().split("\n");
    const header = lines[0]!.replace(/^\uFEFF/, "").split(",");
    const tagsCol = header.indexOf("Tags");
    const cells = lines[1]!.split(",");
    expect(cells[tagsCol]).toBe(""); // the RI purchase row has no tags and no quoted cells before Tags
    cells[tagsCol] = `"""huge"": ""${big}"""`;
    lines[1] = cells.join(",");
    const r = await ingestFiles(ch, { sourceId: "q-big", files: [write("big.csv", lines.join("\n"))] });
    expect(r.rows).toMatchObject({ in: 11, loaded: 11, quarantined: 0 });
    const [t] = await rows<{ len: string; key: string }>(ch, "SELECT length(Tags) AS len, JSONExtractKeys(assumeNotNull(Tags))[1] AS key FROM focus_billing_data WHERE x_SourceId = 'q-big' AND ChargeCategory = 'Purchase'");
    expect(Number(t!.len)).toBe(big.length + '{"huge":""}'.length);
    expect(t!.key).toBe("huge");
  });
});
