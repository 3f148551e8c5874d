/**
 * The billing month a key's folders name, for the "month-folder" layout. Recognised folder names
 * (any depth under the prefix): `2026-03`, `202603`, AWS's `BILLING_PERIOD=2026-03`, Microsoft's
 * date range `20260301-20260331`.
 */
const FOLDER_PATTERNS: readonly RegExp[] = [/^(\d{4})-(\d{2})$/, /^(\d{4})(\d{2})$/, /^billing_period=(\d{4})-(\d{2})$/i, /^(\d{4})(\d{2})01-\d{8}$/];

export function monthOfKey(key: string, prefix: string): string | undefined {
  const rel = key.startsWith(prefix) ? key.slice(prefix.length) : key;
  const folders = rel.split("/").slice(0, -1);
  for (const folder of folders) {
    for (const re of FOLDER_PATTERNS) {
      const m = re.exec(folder);
      if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return `${m[1]}-${m[2]}`;
    }
  }
  return undefined;
}

export type FocusFileFormat = "csv" | "csv.gz" | "parquet";

/** Data files only: metadata and manifests next to them are not rows. */
export function focusFileFormat(key: string): FocusFileFormat | undefined {
  const name = key.toLowerCase();
  if (name.endsWith(".parquet")) return "parquet";
  if (name.endsWith(".csv.gz")) return "csv.gz";
  if (name.endsWith(".csv")) return "csv";
  return undefined;
}
