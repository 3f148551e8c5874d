/**
 * Any provider's FOCUS file (1.0–1.3, including Microsoft FocusCost 1.0/1.0r2/1.2-preview) →
 * our FOCUS columns: match by name case-insensitively, parse types, NULL for absent columns.
 * Per column: the "FocusCost export" and "FOCUS file" cells of docs/focus-mapping.md.
 */
import { FOCUS_COLUMNS, type FocusColumn } from "./columns";
import { FOCUS_ALIASES } from "../ingest/source-fields";
import { derivedColumnSql, RENAMED_COLUMNS } from "./versions/upgrade";
import { NULL_STR, dec, isoDate, flatJsonObject } from "./sql-fragments";

const TARGETS = FOCUS_COLUMNS.filter((c) => c.kind !== "lineage");

function cell(i: number): string {
  // FOCUS samples write the literal NULL for null cells.
  return `if(upper(trimBoth(c${i + 1})) IN ('', 'NULL'), NULL, trimBoth(c${i + 1}))`;
}

function parse(c: FocusColumn, text: string): string {
  switch (c.kind) {
    case "metric":
      return dec(text);
    case "date":
      return isoDate(text);
    case "json":
      return flatJsonObject(text);
    default:
      if (c.type === "Bool") return `if(${text} IS NULL, NULL, lower(${text}) IN ('true', '1', 'yes'))`;
      if (c.type === "Int32") return `toInt32OrNull(${text})`;
      return text;
  }
}

export function focusHeaderIndex(header: string[]): Map<string, number> {
  const lower = header.map((h) => h.trim().toLowerCase());
  const out = new Map<string, number>();
  for (const c of TARGETS) {
    const names = [c.name.toLowerCase(), ...(FOCUS_ALIASES[c.name] ?? []), ...(RENAMED_COLUMNS[c.name] ?? [])];
    const i = names.map((n) => lower.indexOf(n)).find((x) => x >= 0);
    if (i !== undefined) out.set(c.name, i);
  }
  return out;
}

export function focusToFocusSelect(stage: string, header: string[], file: number): string {
  const idx = focusHeaderIndex(header);
  const present = new Set(idx.keys());
  const cols = TARGETS.map((c) => {
    const i = idx.get(c.name);
    // docs/focus-mapping.md#service-sku-resource-and-region; columns an older FOCUS version does not have (docs/focus-versions.md).
    const derived = derivedColumnSql(c.name, present);
    if (derived) return `${derived} AS ${c.name}`;
    const expr = i === undefined ? (c.kind === "metric" ? `CAST(NULL, 'Nullable(Decimal(38, 18))')` : NULL_STR) : parse(c, cell(i));
    return `${expr} AS ${c.name}`;
  });
  return `SELECT toUInt16(${Math.trunc(file)}) AS _file, _row, BilledCost AS x_SourceCost, ${cols.join(",\n  ")},
  arrayFilter(x -> x != '', [if(${idx.has("ServiceSubcategory") ? "0" : "1"}, 'service-subcategory', ''),
    if(${idx.has("PricingCurrency") ? "0" : "1"}, 'pricing-currency', '')]) AS _fallbacks,
  '' AS _commit
FROM ${stage}`;
}
