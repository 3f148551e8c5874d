import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { freshClickHouse } from "../helpers/chdb";
import { ingestFiles } from "~/domain/ingest";
import { generateEaExports } from "~/domain/seed";
import { readExportCsv } from "../seed/read-export-csv";
import { rows } from "./helpers";

let ch: ClickHouseClient;
let tmp: string;

const csvField = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

beforeAll(async () => {
  ({ ch } = await freshClickHouse());
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "abi-direct-"));
});

describe("a CSV file converted straight from the file", () => {
  it("quarantines bad rows of a many-block file (plain and gzip) under their own row number with their own raw row", async () => {
    // ~45k rows: the conversion reads it in several 16k-row blocks.
    const gen = await generateEaExports({ months: 1, endMonth: "2025-06", rowsPerDay: 1500, seed: 5, outDir: tmp });
    const amortized = gen.files.find((f) => f.kind === "amortized")!.path;
    const { header, rows: records, lines } = readExportCsv(amortized);
    expect(records.length).toBeGreaterThan(40_000);
    const targets = [3, Math.floor(records.length / 2), records.length - 1]; // 1-based data row numbers
    const out = [`${header.map(csvField).join(",")}\n`];
    records.forEach((r, i) => {
      const line = lines[i]!;
      if (!targets.includes(i + 1)) return out.push(line);
      out.push(`${header.map((h) => csvField(h === "CostInBillingCurrency" ? "abc" : (r[h] ?? ""))).join(",")}\n`);
    });
    const bad = path.join(tmp, "EA_AmortizedCost_bad-rows.csv");
    fs.writeFileSync(bad, out.join(""));

    const gz = `${bad}.gz`;
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(bad)));

    for (const [sourceId, file] of [["direct-rows", bad], ["direct-rows-gz", gz]] as const) {
      const report = await ingestFiles(ch, { sourceId, files: [file] });
      expect(report.rows).toEqual({ in: records.length, loaded: records.length - 3, quarantined: 3, excluded: 0 });
      const quarantined = await rows<{ n: string; raw_row: string }>(
        ch,
        "SELECT toString(row_number) AS n, raw_row FROM focus_quarantine WHERE x_SourceId = {s:String} ORDER BY focus_quarantine.row_number",
        { s: sourceId },
      );
      expect(quarantined.map((q) => Number(q.n))).toEqual(targets);
      for (const q of quarantined) {
        const original = records[Number(q.n) - 1]!;
        const raw = JSON.parse(q.raw_row) as Record<string, string>;
        expect(raw.CostInBillingCurrency).toBe("abc");
        expect(raw.ResourceId).toBe(original.ResourceId);
        expect(raw.Date).toBe(original.Date);
        expect(raw.Quantity).toBe(original.Quantity);
      }
    }
  });
});
