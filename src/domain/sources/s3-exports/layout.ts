export type ExportPartFormat = "csv" | "csv.gz" | "parquet";

const MANIFEST_NAMES = new Set(["manifest.json", "_manifest.json"]);

export function isManifestKey(key: string): boolean {
  return MANIFEST_NAMES.has(key.slice(key.lastIndexOf("/") + 1).toLowerCase());
}

/** The export's date-range folder ("20260301-20260331") → "2026-03". */
export function monthFromDateRange(segment: string): string | undefined {
  const m = /^(\d{4})(\d{2})\d{2}-\d{8}$/.exec(segment);
  return m ? `${m[1]}-${m[2]}` : undefined;
}

/** "2026-03-01T00:00:00" → "2026-03". */
export function monthFromDate(value: string | null | undefined): string | undefined {
  const m = value ? /^(\d{4})-(\d{2})-\d{2}/.exec(value) : null;
  return m ? `${m[1]}-${m[2]}` : undefined;
}

export function partFormat(key: string, fileFormat?: string | null, compression?: string | null): ExportPartFormat | undefined {
  const name = key.toLowerCase();
  if (name.endsWith(".parquet")) return "parquet";
  if (name.endsWith(".csv.gz") || name.endsWith(".gz")) return "csv.gz";
  if (name.endsWith(".csv")) return "csv";
  const f = fileFormat?.toLowerCase();
  if (f === "parquet") return "parquet";
  if (f === "csv") return compression?.toLowerCase() === "gzip" ? "csv.gz" : "csv";
  return undefined;
}

export const basename = (key: string) => key.slice(key.lastIndexOf("/") + 1);
export const dirname = (key: string) => (key.includes("/") ? key.slice(0, key.lastIndexOf("/")) : "");
