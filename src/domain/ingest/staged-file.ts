import type { FileProbe } from "./file-probe";
import type { Layout } from "./layout";

/** One file of a run after step 1 (probed, its layout detected, staged or read directly). */
export type StagedFile = {
  index: number;
  name: string;
  probe: FileProbe;
  header: string[];
  layout: Layout;
  /** Staging table of the file's rows; unused when `direct`. */
  table: string;
  /** Rows read from the file (all of them, also when only some were staged); 0 until converted when `direct`. */
  rows: number;
  /** Empty for a direct file until the conversion, which hashes the file while the engine reads it. */
  sha256: string;
  /** Only the commitment purchases/refunds are taken (staged, or kept while a direct file is read): an actual-cost file next to an amortized one. */
  purchasesOnly?: boolean;
  /**
   * Not staged: the conversion reads the CSV file itself (embedded chDB), so each row is parsed and
   * written once. A ClickHouse server cannot read our files, and Parquet/JSON go through staging.
   */
  direct?: boolean;
};
