import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { freshClickHouse } from "../helpers/chdb";
import { parseCsv } from "../helpers/parse-csv";
import { ingestFiles } from "~/domain/ingest";
import type { IngestReport } from "~/domain/ingest/types";
import { rows, FIX } from "./helpers";

// End to end through the Azure conversion, which skips Tags-C-001-M for tags it rebuilt itself
// (row-rules.ts AZURE_TRUSTED_KEY_VALUES): tags that are not a JSON object are still quarantined
// under that rule, and awkward but valid tags (duplicate keys, nested values) are loaded, flattened.
const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

describe("Tags rules through the EA conversion", () => {
  let ch: ClickHouseClient;
  let dataDir: string;
  let tmp: string;
  let report: IngestReport;
  beforeAll(async () => {
    ({ ch, dataDir } = await freshClickHouse());
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "abi-tags-"));
    const table = parseCsv(fs.readFileSync(FIX("azure-ea/EA_ActualCost_Small.csv"), "utf8").replace(/^\uFEFF/, ""));
    const tags = table[0]!.indexOf("Tags");
    table[2]![tags] = "env:prod"; // {env:prod} is not JSON: passed through, must fail
    table[3]![tags] = '"env": "a", "env": "b", "o": {"x": 1}'; // duplicate key, nested value: rebuilt
    table[4]![tags] = '["env"]'; // {["env"]} is not JSON either
    const file = path.join(tmp, "EA_ActualCost_Tags.csv");
    fs.writeFileSync(file, `${table.filter((r) => r.length > 1).map((r) => r.map(csvCell).join(",")).join("\n")}\n`);
    report = await ingestFiles(ch, { sourceId: "tags", files: [file] });
  }, 120_000);
  afterAll(async () => {
    await ch?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("quarantines exactly the rows whose tags are not a JSON object, under Tags-C-001-M", async () => {
    expect(report.quarantine).toEqual([{ rule: "Tags-C-001-M", rows: 2 }]);
    expect(report.rows.quarantined).toBe(2);
  });

  it("loads the rebuilt tags flat, first key winning, nested values as strings", async () => {
    const got = await rows<{ t: string }>(ch, "SELECT Tags AS t FROM focus_billing_data WHERE x_SourceId = 'tags' AND Tags LIKE '%\"o\"%'");
    expect(got.map((r) => JSON.parse(r.t))).toEqual([{ env: "a", o: '{"x":1}' }]);
  });
});
