/**
 * The ECB reference-rate CSV (eurofxref-hist.csv / eurofxref.csv): a `Date` column then one column
 * per currency, rates per 1 EUR, `N/A` (or empty) where a currency was not quoted that day, often a
 * trailing comma. Rates stay decimal strings (never floats).
 */
export type RateRow = { date: string; base: string; quote: string; rate: string };
export type ParsedRates = { rows: RateRow[]; days: number; currencies: string[]; skipped: number };

export class RatesFileError extends Error {}

const DECIMAL = /^\d{1,12}(\.\d{1,18})?$/;
const CURRENCY = /^[A-Z]{3}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The daily file (eurofxref.csv) writes the date as "05 December 2025". */
const LONG_DAY = /^(\d{1,2}) ([A-Za-z]+) (\d{4})$/;
const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

function isoDay(text: string, line: number): string {
  const t = text.trim();
  let d = t;
  const long = LONG_DAY.exec(t);
  if (long) {
    const m = MONTHS.indexOf(long[2]!.toLowerCase());
    if (m >= 0) d = `${long[3]}-${String(m + 1).padStart(2, "0")}-${long[1]!.padStart(2, "0")}`;
  }
  const ms = Date.parse(`${d}T00:00:00Z`);
  if (!DAY.test(d) || Number.isNaN(ms) || !new Date(ms).toISOString().startsWith(d)) {
    throw new RatesFileError(`line ${line}: "${t}" is not a date (expected YYYY-MM-DD)`);
  }
  return d;
}

export function parseEcbCsv(text: string): ParsedRates {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = (lines[0] ?? "").split(",").map((h) => h.trim());
  if (header[0] !== "Date") throw new RatesFileError('not an ECB reference-rate file: the first column must be "Date" (Date,USD,JPY,…)');
  const cols = header.slice(1);
  cols.forEach((c, i) => {
    // the trailing comma gives an empty last column
    if (c !== "" && !CURRENCY.test(c)) throw new RatesFileError(`header column ${i + 2}: "${c}" is not a 3-letter currency code`);
    if (c === "" && i !== cols.length - 1) throw new RatesFileError(`header column ${i + 2} is empty`);
  });
  const rows: RateRow[] = [];
  const days = new Set<string>();
  const currencies = new Set<string>();
  let skipped = 0;
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n]!;
    if (line.trim() === "") continue;
    const cells = line.split(",");
    const date = isoDay(cells[0] ?? "", n + 1);
    if (days.has(date)) throw new RatesFileError(`line ${n + 1}: ${date} appears twice`);
    days.add(date);
    cols.forEach((quote, i) => {
      if (quote === "") return;
      const cell = (cells[i + 1] ?? "").trim();
      if (cell === "" || cell.toUpperCase() === "N/A") {
        skipped++;
        return;
      }
      if (!DECIMAL.test(cell) || !/[1-9]/.test(cell)) throw new RatesFileError(`line ${n + 1}, ${quote}: "${cell}" is not a positive rate`);
      rows.push({ date, base: "EUR", quote, rate: cell });
      currencies.add(quote);
    });
  }
  if (rows.length === 0) throw new RatesFileError("the file has no rates");
  return { rows, days: days.size, currencies: [...currencies].sort(), skipped };
}
