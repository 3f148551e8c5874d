/**
 * The data `npm run focus:official-check` runs the official validator on. Each entry is either an
 * ingest (Azure files through `abi ingest`, then `abi export --format parquet`) or a FOCUS CSV
 * loaded as it is. Add a dataset by adding an entry: e.g. a FOCUS 1.0 file (upgraded to the stored
 * 1.2/1.3 shape on ingest) goes in as
 *   { name: "focus-1.0-upgraded", kind: "ingest", files: async () => ["test/fixtures/<dir>/<file>.csv"], dataset: "focus" }
 * and, when some of its rows really break their own version's rules, with `quarantined: <exact count>`.
 */
import fs from "node:fs";
import path from "node:path";
import { generateEaExports } from "~/domain/seed";
import { FOCUS_10_SAMPLE_DEFECTS, type SourceDefect } from "./source-defects";

export type IngestDataset = {
  name: string;
  kind: "ingest";
  describe: string;
  /** Files for `abi ingest`; may write them into `workDir` first. */
  files: (workDir: string) => Promise<string[]>;
  /** `--dataset` of `abi ingest` (default auto). */
  dataset?: "auto" | "ea-actual" | "ea-amortized" | "mca-actual" | "mca-amortized" | "focus";
  /** Charge kinds (see chargeKindSql) the loaded rows must include, so none silently drops out. */
  kinds?: string[];
  /**
   * Rows the ingest must quarantine, exactly (default 0). Quarantined rows never reach the
   * validator, so only rows that really break their own version's rules may be counted here.
   */
  quarantined?: number;
  /** FOCUS rules the source rows themselves break, each with its proof over `file` (source-defects.ts). */
  sourceDefects?: { file: string; loadedRows: string; defects: SourceDefect[] };
};

/** A row's charge kind: ChargeCategory/ChargeClass/CommitmentDiscountType/CommitmentDiscountStatus/ChargeFrequency, "-" for null. */
export const chargeKindSql =
  "concat(ChargeCategory, '/', ifNull(ChargeClass, '-'), '/', ifNull(CommitmentDiscountType, '-'), '/', ifNull(CommitmentDiscountStatus, '-'), '/', ChargeFrequency)";
export type CsvDataset = { name: string; kind: "focus-csv"; describe: string; file: string };
export type CheckDataset = IngestDataset | CsvDataset;

/**
 * A year of generated EA exports (src/domain/seed): on-demand, reservation- and savings-plan-covered
 * usage, unused commitment, monthly and upfront purchases, a reservation refund, Marketplace SaaS
 * purchases and usage, rounding adjustments. 100 usage rows a day (the generator's minimum) keeps
 * the check quick; the calendar is fixed so the data is the same on every run.
 */
export const SEED_YEAR = { months: 12, endMonth: "2025-12", rowsPerDay: 100, seed: 1 } as const;

export const DATASETS: CheckDataset[] = [
  {
    name: "ea-fixtures",
    kind: "ingest",
    describe: "EA actual + amortized fixtures (test/fixtures/azure-ea)",
    files: async () => ["test/fixtures/azure-ea/EA_ActualCost_Small.csv", "test/fixtures/azure-ea/EA_AmortizedCost_Small.csv"],
  },
  {
    name: "ea-seed-year",
    kind: "ingest",
    describe: `generated EA year ${SEED_YEAR.endMonth} back ${SEED_YEAR.months} months, ${SEED_YEAR.rowsPerDay} usage rows/day, seed ${SEED_YEAR.seed}`,
    files: async (workDir) => {
      const r = await generateEaExports({ outDir: path.join(workDir, "seed-files"), ...SEED_YEAR });
      return r.files.map((f) => f.path);
    },
    // What the generator writes (src/domain/seed/generate-ea-exports.ts), as FOCUS rows.
    kinds: [
      "Usage/-/-/-/Usage-Based", // on-demand usage, Marketplace usage
      "Usage/-/Reservation/Used/Usage-Based",
      "Usage/-/Reservation/Unused/Usage-Based",
      "Usage/-/Savings Plan/Used/Usage-Based",
      "Usage/-/Savings Plan/Unused/Usage-Based",
      "Purchase/-/Reservation/-/Recurring", // monthly reservation payment
      "Purchase/-/Reservation/-/One-Time", // upfront reservation
      "Purchase/-/Savings Plan/-/Recurring", // monthly savings-plan payment
      "Purchase/Correction/Reservation/-/One-Time", // reservation refund
      "Purchase/-/-/-/Recurring", // Marketplace SaaS plan
      "Adjustment/-/-/-/One-Time", // invoice rounding
    ],
  },
  {
    name: "mca",
    kind: "ingest",
    describe: "MCA cost details (test/fixtures/mca/*.csv)",
    // Every MCA fixture file: files added there are checked too.
    files: async () => fs.readdirSync("test/fixtures/mca").filter((f) => /\.csv$/i.test(f)).sort().map((f) => path.join("test/fixtures/mca", f)),
  },
  {
    name: "focus-1.0-upgraded",
    kind: "ingest",
    describe: "official FOCUS 1.0 sample (AWS, Microsoft, Oracle; test/fixtures/focus-1.0) ingested as FOCUS 1.0 and upgraded to the stored shape",
    files: async () => ["test/fixtures/focus-1.0/focus_sample.csv"],
    dataset: "focus",
    // The 7 Oracle rows break two FOCUS 1.0 MUSTs (ChargeFrequency "Usage-based", ContractedCost null):
    // docs/focus-versions.md, test/focus-versions/focus-1.0-sample.test.ts.
    quarantined: 7,
    sourceDefects: {
      file: "test/fixtures/focus-1.0/focus_sample.csv",
      // The rows that load: all but the 7 quarantined ones.
      loadedRows: "ChargeFrequency IN ('One-Time', 'Recurring', 'Usage-Based') AND ContractedCost NOT IN ('', 'NULL')",
      defects: FOCUS_10_SAMPLE_DEFECTS,
    },
  },
  {
    name: "focus-1.2-csv",
    kind: "focus-csv",
    describe: "FOCUS 1.2 CSV loaded as it is",
    file: "test/fixtures/focus-sample/focus-1.2-azure-sample.csv",
  },
];
