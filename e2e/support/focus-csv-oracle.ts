/**
 * The e2e oracle for cost totals: the FOCUS CSV that `abi export` writes (the fact table's own
 * rows), summed here by hand. Independent of the analytics code the pages use.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseCsv } from "../../test/helpers/parse-csv";

export type FocusRecord = Record<string, string>;

/** Every FOCUS row of the e2e app's data between two billing months (YYYY-MM), via `abi export`. */
export function exportFocusRows(dataDir: string, fromMonth: string, toMonth: string): FocusRecord[] {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "abi-e2e-oracle-")), "focus.csv");
  execFileSync(process.execPath, ["bin/abi.mjs", "export", "--from", fromMonth, "--to", toMonth, "--format", "csv", "--out", out], {
    env: { ...process.env, ABI_DATA_DIR: dataDir, CLICKHOUSE_URL: "", DATABASE_URL: "", TEMPORAL_ADDRESS: "" },
    stdio: "pipe",
  });
  const [header, ...rows] = parseCsv(fs.readFileSync(out, "utf8"));
  return rows.filter((r) => r.length === header!.length).map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

/** Sum of EffectiveCost per currency, rounded to the cent, of the rows `keep` selects. */
export function effectiveCostByCurrency(rows: FocusRecord[], keep: (r: FocusRecord) => boolean): Record<string, number> {
  const cents: Record<string, number> = {};
  for (const r of rows.filter(keep)) cents[r.BillingCurrency!] = (cents[r.BillingCurrency!] ?? 0) + Number(r.EffectiveCost);
  return Object.fromEntries(Object.entries(cents).map(([c, v]) => [c, Math.round(v * 100) / 100]));
}

export const day = (r: FocusRecord) => (r.ChargePeriodStart ?? "").slice(0, 10);
