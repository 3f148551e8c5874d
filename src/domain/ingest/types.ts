import type { InputFocusVersion, VersionSource } from "../focus/versions/detect";
import type { PeriodTotals } from "./period-totals";

export type DatasetOption = "auto" | "ea-actual" | "ea-amortized" | "mca-actual" | "mca-amortized" | "focus";

export type IngestProgress = { step: "stage" | "convert" | "validate" | "swap" | "done"; rowsDone: number; rowsTotal: number; file?: string };

export type IngestOptions = {
  sourceId: string;
  files: string[];
  dataset?: DatasetOption;
  /** Original names for lineage when `files` are temp copies (e.g. downloaded from S3). */
  fileNames?: string[];
  onProgress?: (p: IngestProgress) => void;
  runId?: string;
  /** The FOCUS version of every FOCUS input file, overriding metadata and header (`--focus-version`). */
  focusVersion?: InputFocusVersion;
};

/** A FOCUS input file: the version it came in as (and what said so), the columns derived and left null by the upgrade. */
export type FocusInput = { file: string; version: InputFocusVersion; source: VersionSource; detail: string; derived: string[]; nulls: string[] };

export type CurrencyTotals = {
  currency: string;
  /** Σ source cost of the rows the recipe selected (decimal string). */
  sourceCost: string;
  billedCost: string;
  effectiveCost: string;
  quarantinedBilledCost: string;
  quarantinedEffectiveCost: string;
};

export type FileLineage = {
  name: string;
  path: string;
  sizeBytes: number;
  sha256: string;
  dataset: string;
  format: string;
  compression: string;
  rows: number;
  selectedRows: number;
};

export type IngestReport = {
  runId: string;
  sourceId: string;
  dataset: string;
  rows: { in: number; loaded: number; quarantined: number; excluded: number };
  totals: CurrencyTotals[];
  /** Reconciliation per billing period and currency (period-totals.ts); absent in reports of older runs. */
  periods?: PeriodTotals[];
  quarantine: { rule: string; rows: number }[];
  seconds: number;
  months: string[];
  files: FileLineage[];
  lookupFallbacks: { lookup: string; rows: number }[];
  approximations: string[];
  timings: Record<string, number>;
  /** One entry per FOCUS input file (docs/focus-versions.md). */
  focusInputs?: FocusInput[];
};
