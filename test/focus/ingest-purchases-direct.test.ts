/**
 * Issue 15 item 1: an actual-cost file next to an amortized one contributes only its commitment
 * purchases and refunds, and is now read straight from the file (one parse, no staging table).
 * Its rows must still be counted in full, its purchases loaded, and a failing purchase row
 * quarantined under its own row number with its own raw row. Expected values come from the
 * fixture (rows listed by hand below) and from SQL over the source file, not from the converter.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { freshClickHouse } from "../helpers/chdb";
import { dropRunTables, ingestFiles, runTables, stageStep } from "~/domain/ingest";
import { rows, FIX } from "./helpers";

let ch: ClickHouseClient;
let actual: string;
let amortized: string;

// EA_ActualCost_Purchases.csv, data rows 1..10: 3, 4, 7, 8, 9 are purchases and 5, 6 refunds of a
// reservation or savings plan (the rows the recipe takes from an actual file next to an amortized
// one); row 3 gets the currency "EURO", which breaks the ISO 4217 rule, so it is quarantined.
const BAD_ROW = 3;

beforeAll(async () => {
  ({ ch } = await freshClickHouse());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-purchases-direct-"));
  const lines = fs.readFileSync(FIX("azure-ea/EA_ActualCost_Purchases.csv"), "utf8").split("\n");
  lines[BAD_ROW] = lines[BAD_ROW]!.replace(",EUR,", ",EURO,");
  actual = path.join(dir, "EA_ActualCost_2024-03.csv");
  amortized = path.join(dir, "EA_AmortizedCost_2024-03.csv");
  fs.writeFileSync(actual, lines.join("\n"));
  fs.copyFileSync(FIX("azure-ea/EA_AmortizedCost_Small.csv"), amortized);
});

/** Data rows of a CSV file, and its commitment purchase/refund rows, counted by ClickHouse's file() over the source. */
async function sourceCounts(file: string) {
  const [r] = await rows<{ n: string; purchases: string }>(
    ch,
    `SELECT toString(count()) AS n, toString(countIf(ChargeType IN ('Purchase', 'Refund') AND PricingModel IN ('Reservation', 'SavingsPlan'))) AS purchases
     FROM file({p:String}, 'CSVWithNames', 'ChargeType String, PricingModel String') SETTINGS input_format_with_names_use_header = 1`,
    { p: file },
  );
  return { n: Number(r!.n), purchases: Number(r!.purchases) };
}

describe("an actual-cost file next to an amortized one", () => {
  it("is read straight from the file: no staging table is created for it", async () => {
    const runId = crypto.randomUUID();
    try {
      const run = await stageStep(ch, { sourceId: "pd-stage", runId, files: [actual, amortized] });
      const a = run.staged.find((s) => s.name === path.basename(actual))!;
      expect(a).toMatchObject({ direct: true, purchasesOnly: true });
      const tables = await rows<{ name: string }>(ch, "SELECT name FROM system.tables WHERE startsWith(name, {p:String})", { p: `${runTables(runId).prefix}_stage_` });
      expect(tables).toEqual([]);
    } finally {
      await dropRunTables(ch, runTables(runId));
    }
  });

  it("counts all its rows, loads its purchases and refunds, and quarantines a bad one with its own row number and raw row", async () => {
    const report = await ingestFiles(ch, { sourceId: "pd", files: [actual, amortized] });
    const a = await sourceCounts(actual);
    const m = await sourceCounts(amortized);
    expect(a).toEqual({ n: 10, purchases: 7 }); // the fixture, by hand (see above)
    expect(report.rows.in).toBe(a.n + m.n);
    expect(report.rows.excluded).toBe(a.n - a.purchases);
    expect(report.rows.quarantined).toBe(1);
    expect(report.files.find((f) => f.name === path.basename(actual))).toMatchObject({ rows: a.n, selectedRows: a.purchases });

    const q = await rows<{ row_number: string; file_name: string; raw_row: string }>(
      ch,
      "SELECT toString(row_number) AS row_number, file_name, raw_row FROM focus_quarantine WHERE x_SourceId = 'pd'",
    );
    expect(q.map((r) => [r.file_name, Number(r.row_number)])).toEqual([[path.basename(actual), BAD_ROW]]);
    expect(JSON.parse(q[0]!.raw_row)).toMatchObject({ BillingCurrency: "EURO", ChargeType: "Purchase", PricingModel: "Reservation", Cost: "1841.5" });

    // The other six purchases/refunds of the actual file are loaded (Σ Cost by hand: 730 - 615.25 - 400 + 400 + 123.45 + 99.99).
    const [loaded] = await rows<{ n: string; billed: string }>(
      ch,
      "SELECT toString(count()) AS n, toString(sum(BilledCost)) AS billed FROM focus_billing_data WHERE x_SourceId = 'pd' AND ChargeCategory = 'Purchase'",
    );
    expect(loaded).toEqual({ n: "6", billed: "338.19" });
  });
});
