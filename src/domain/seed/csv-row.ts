import type { EaColumn, EaLayout } from "./ea-export-columns";

/** A row by 2024-08-01 column name; missing columns are written empty. */
export type EaRecord = Partial<Record<EaColumn, string>>;

/** Quote like the Azure exports: only when the value holds a comma, quote or line break. */
export function csvField(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 44 || c === 34 || c === 10 || c === 13) return '"' + value.replace(/"/g, '""') + '"';
  }
  return value;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(",") + "\n";
}

export function encodeRecord(layout: EaLayout, rec: EaRecord): string {
  return csvLine(layout.columns.map((c) => rec[c] ?? ""));
}

/** The per-day values of a usage row; everything else in a row is fixed for a resource meter. */
export const DYNAMIC_COLUMNS = [
  "BillingPeriodStartDate",
  "BillingPeriodEndDate",
  "Date",
  "Quantity",
  "EffectivePrice",
  "CostInBillingCurrency",
] as const satisfies readonly EaColumn[];

/** Row = parts[0] + dyn[holes[0]] + parts[1] + … + parts[n]; built once per resource meter. */
export interface RowTemplate {
  parts: string[];
  holes: number[];
}

export function compileTemplate(layout: EaLayout, rec: EaRecord): RowTemplate {
  const parts: string[] = [];
  const holes: number[] = [];
  // join() gives flat strings: templates live as long as the run, ropes would cost ~10× the memory
  let seg: string[] = [];
  layout.columns.forEach((col, i) => {
    if (i > 0) seg.push(",");
    const dyn = (DYNAMIC_COLUMNS as readonly string[]).indexOf(col);
    if (dyn >= 0) {
      parts.push(seg.join(""));
      holes.push(dyn);
      seg = [];
    } else {
      seg.push(csvField(rec[col] ?? ""));
    }
  });
  seg.push("\n");
  parts.push(seg.join(""));
  return { parts, holes };
}

/** Dynamic values are numbers and MM/dd/yyyy dates: never need quoting. */
export function fillTemplate(t: RowTemplate, dyn: readonly string[]): string {
  const { parts, holes } = t;
  let s = parts[0] as string;
  for (let k = 0; k < holes.length; k++) s += (dyn[holes[k] as number] as string) + (parts[k + 1] as string);
  return s;
}
