import type { CheckNode } from "./model";
import { nationalCurrencyCodes } from "./model";
import {
  decimalScale,
  ident,
  isDateTimeType,
  isDecimalType,
  isFloatType,
  baseType,
  isNumericType,
  numberLiteral,
  stringLiteral,
} from "./sql";

/** A rule refers to a column the table does not have: it is reported as skipped, never dropped silently. */
export class MissingColumnError extends Error {
  constructor(readonly column: string) {
    super(`column absent: ${column}`);
  }
}

/** A check that cannot be a per-row predicate (presence, type, distinct counts, unknown functions). */
export class NotRowLevelError extends Error {}

export type TableColumns = ReadonlyMap<string, string>;

const UNIT_SCALE_DEFAULT = 18;

/** Plain String columns (also Nullable/LowCardinality): `IN` matches exactly what `=` matches. */
const isStringTypeLike = (t: string) => baseType(t) === "String";

function column(cols: TableColumns, name: unknown): { sql: string; type: string } {
  if (typeof name !== "string") throw new NotRowLevelError(`check without a column name`);
  const type = cols.get(name);
  if (type === undefined) throw new MissingColumnError(name);
  return { sql: ident(name), type };
}

function valueLiteral(v: unknown): string {
  if (typeof v === "number") return numberLiteral(v);
  if (typeof v === "string") return stringLiteral(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  throw new NotRowLevelError(`unsupported check value ${JSON.stringify(v)}`);
}

/** Compares a column with a model constant; numeric columns compare numerically. */
function equalsValue(col: { sql: string; type: string }, v: unknown): string {
  if (typeof v === "number" && isNumericType(col.type)) return `${col.sql} = ${numberLiteral(v)}`;
  if (typeof v === "number") return `toString(${col.sql}) = ${stringLiteral(String(v))}`;
  return `${col.sql} = ${valueLiteral(v)}`;
}

/** Decimal256 view of a column, for exact products (Decimal128(18) × Decimal128(18) would overflow). */
function exactNumber(col: { sql: string; type: string }): string {
  if (isNumericType(col.type)) return `toDecimal256(${col.sql}, ${UNIT_SCALE_DEFAULT})`;
  return `toDecimal256OrNull(toString(${col.sql}), ${UNIT_SCALE_DEFAULT})`;
}

const NUMERIC_TEXT = "^-?(\\\\d+(\\\\.\\\\d*)?|\\\\.\\\\d+)([eE]-?\\\\d+)?$";
const DATETIME_TEXT = "^\\\\d{4}-\\\\d{2}-\\\\d{2}T\\\\d{2}:\\\\d{2}:\\\\d{2}Z$";

const isConstantValue = (i: CheckNode) => i.CheckFunction === "CheckValue" && typeof i.ColumnName === "string" && (typeof i.Value === "string" || typeof i.Value === "number");

/**
 * OR over allowed values, compiled as one set lookup instead of one comparison per value (the model
 * lists ServiceCategory/ServiceSubcategory pairs this way): `X = a OR X = b …` and
 * `(X = a AND Y = p) OR (X = b AND Y = q) …`. Rows with a NULL in those columns keep the general
 * expression (`fallback`), so NULL semantics are exactly the per-item ones.
 */
function valueListCheck(items: CheckNode[], cols: TableColumns, fallback: string, unknown: number): string | undefined {
  if (items.length < 3) return undefined;
  const literal = (i: CheckNode) => valueLiteral(i.Value);
  if (items.every(isConstantValue)) {
    const name = items[0]!.ColumnName;
    if (!items.every((i) => i.ColumnName === name)) return undefined;
    const c = column(cols, name);
    if (typeof items[0]!.Value === "number" || items.some((i) => typeof i.Value !== typeof items[0]!.Value)) return undefined;
    if (!isStringTypeLike(c.type)) return undefined;
    return `if(isNull(${c.sql}), ${unknown}, ${c.sql} IN (${items.map(literal).join(", ")}))`;
  }
  const pairs = items.map((i) => (i.CheckFunction === "AND" && i.Items?.length === 2 && i.Items.every(isConstantValue) ? i.Items : undefined));
  if (pairs.some((p) => p === undefined)) return undefined;
  const [a, b] = [pairs[0]![0]!.ColumnName, pairs[0]![1]!.ColumnName];
  if (!pairs.every((p) => p![0]!.ColumnName === a && p![1]!.ColumnName === b && typeof p![0]!.Value === "string" && typeof p![1]!.Value === "string")) return undefined;
  const ca = column(cols, a);
  const cb = column(cols, b);
  if (!isStringTypeLike(ca.type) || !isStringTypeLike(cb.type)) return undefined;
  const set = pairs.map((p) => `(${literal(p![0]!)}, ${literal(p![1]!)})`).join(", ");
  return `if(isNull(${ca.sql}) OR isNull(${cb.sql}), ${fallback}, (assumeNotNull(${ca.sql}), assumeNotNull(${cb.sql})) IN (${set}))`;
}

/**
 * Compiles one requirement/condition node into a ClickHouse boolean that "holds" for a row.
 * Every result is non-NULL (NULL handling is explicit), so NOT(...) of it is safe.
 * NULLs: in a requirement a comparison with NULL holds (nullability has its own rules, as in the
 * official validator); in a condition `X = v` does not apply to NULL but `X <> v` does (spec wording:
 * "ChargeClass is not Correction" is true for a null ChargeClass).
 */
export function compileCheck(node: CheckNode, cols: TableColumns, mode: "requirement" | "condition" = "requirement"): string {
  const unknown = mode === "requirement" ? 1 : 0;
  const fn = node.CheckFunction;
  if (!fn) {
    // Bare {AND: …} / {OR: …} objects occur in the model (focus_validator #142): treat them as composites.
    for (const op of ["AND", "OR"] as const) {
      const items = node[op];
      if (items) return compileCheck({ CheckFunction: op, Items: Array.isArray(items) ? items : [items as CheckNode] }, cols, mode);
    }
    if (Object.keys(node).length === 0) return "1";
    throw new NotRowLevelError(`check node without CheckFunction: ${JSON.stringify(node)}`);
  }
  switch (fn) {
    case "AND":
    case "OR": {
      const parts = (node.Items ?? []).map((i) => `(${compileCheck(i, cols, mode)})`);
      if (parts.length === 0) return "1";
      const joined = parts.join(fn === "AND" ? " AND " : " OR ");
      return fn === "OR" ? (valueListCheck(node.Items ?? [], cols, joined, unknown) ?? joined) : joined;
    }
    case "CheckValue": {
      const c = column(cols, node.ColumnName);
      if (node.Value === null) return `isNull(${c.sql})`;
      return `ifNull(${equalsValue(c, node.Value)}, ${unknown})`;
    }
    case "CheckNotValue": {
      const c = column(cols, node.ColumnName);
      if (node.Value === null) return `isNotNull(${c.sql})`;
      // NULL is "not the value" (spec semantics: "ChargeClass is not Correction" holds for NULL).
      return `ifNull(NOT (${equalsValue(c, node.Value)}), 1)`;
    }
    case "CheckSameValue": {
      const a = column(cols, node.ColumnAName);
      const b = column(cols, node.ColumnBName);
      return `ifNull(${a.sql} = ${b.sql}, 1)`;
    }
    case "CheckNotSameValue": {
      const a = column(cols, node.ColumnAName);
      const b = column(cols, node.ColumnBName);
      return `ifNull(${a.sql} != ${b.sql}, ${unknown})`;
    }
    case "CheckGreaterOrEqualThanValue": {
      const c = column(cols, node.ColumnName);
      return `ifNull(${exactNumber(c)} >= ${numberLiteral(Number(node.Value))}, 1)`;
    }
    case "CheckDecimalValue":
    case "FormatNumeric": {
      const c = column(cols, node.ColumnName);
      if (isNumericType(c.type)) return isFloatType(c.type) ? `ifNull(isFinite(${c.sql}), 1)` : "1";
      return `isNull(${c.sql}) OR match(toString(${c.sql}), '${NUMERIC_TEXT}')`;
    }
    case "FormatDateTime": {
      const c = column(cols, node.ColumnName);
      if (isDateTimeType(c.type)) return "1";
      return `isNull(${c.sql}) OR (match(toString(${c.sql}), '${DATETIME_TEXT}') AND isNotNull(parseDateTimeBestEffortOrNull(toString(${c.sql}))))`;
    }
    case "FormatString": {
      // Valid Unicode and no '' standing in for null (StringHandling-A-001-M, NullHandling-A-002-M).
      // Stricter ASCII-only checks of the official validator are not the spec.
      const c = column(cols, node.ColumnName);
      return `isNull(${c.sql}) OR (isValidUTF8(toString(${c.sql})) AND toString(${c.sql}) != '')`;
    }
    case "FormatCurrency": {
      // CurrencyFormat-A-001/002: ISO 4217 code for national currencies, or a virtual currency name
      // following string handling (e.g. "Token"); a three-letter code in the wrong case is malformed.
      const c = column(cols, node.ColumnName);
      const v = `toString(${c.sql})`;
      return `isNull(${c.sql}) OR match(${v}, '^[A-Z]{3}$') OR (isValidUTF8(${v}) AND trimBoth(${v}) != '' AND NOT match(${v}, '^[A-Za-z]{3}$'))`;
    }
    case "CheckNationalCurrency": {
      const c = column(cols, node.ColumnName);
      const codes = [...nationalCurrencyCodes()].sort().map(stringLiteral).join(", ");
      return `isNull(${c.sql}) OR toString(${c.sql}) IN (${codes})`;
    }
    case "FormatKeyValue": {
      // KeyValueFormat-A-001…004: a JSON object, unique keys, values scalar (no object/array).
      // One key/value extraction per row: the raw text of a value starts with { or [ exactly when it is
      // an object or array (looking each key up again would re-parse the document once per key).
      const c = column(cols, node.ColumnName);
      const v = `ifNull(toString(${c.sql}), '')`;
      const kv = `JSONExtractKeysAndValuesRaw(${v})`;
      return (
        // JSONType is 'Null' for text that is not valid JSON, so this also requires a valid document.
        `isNull(${c.sql}) OR (JSONType(${v}) = 'Object'` +
        ` AND length(${kv}) = length(arrayDistinct(arrayMap(p -> p.1, ${kv})))` +
        ` AND arrayAll(p -> substring(trimLeft(p.2), 1, 1) NOT IN ('{', '['), ${kv}))`
      );
    }
    case "ColumnByColumnEqualsColumnValue": {
      // price × quantity = cost, exact to the last stored digit of the cost column.
      const a = column(cols, node.ColumnAName);
      const b = column(cols, node.ColumnBName);
      const r = column(cols, node.ResultColumnName);
      if (isFloatType(r.type)) {
        return `ifNull(abs(${a.sql} * ${b.sql} - ${r.sql}) <= 1e-9 * greatest(abs(${r.sql}), 1), 1)`;
      }
      const scale = isDecimalType(r.type) ? (decimalScale(r.type) ?? UNIT_SCALE_DEFAULT) : UNIT_SCALE_DEFAULT;
      const unit = scale === 0 ? "1" : `0.${"0".repeat(scale - 1)}1`;
      return `ifNull(abs(${exactNumber(a)} * ${exactNumber(b)} - ${exactNumber(r)}) <= toDecimal256('${unit}', ${scale}), 1)`;
    }
    default:
      throw new NotRowLevelError(`${fn} is not a row-level check`);
  }
}

/** Every column a check node refers to. */
export function checkColumns(node: CheckNode | undefined, out = new Set<string>()): Set<string> {
  if (!node || typeof node !== "object") return out;
  for (const key of ["ColumnName", "ColumnAName", "ColumnBName", "ResultColumnName"] as const) {
    const v = node[key];
    if (typeof v === "string") out.add(v);
  }
  for (const child of node.Items ?? []) checkColumns(child, out);
  for (const op of ["AND", "OR"]) {
    const v = node[op];
    if (Array.isArray(v)) v.forEach((c) => checkColumns(c as CheckNode, out));
    else if (v && typeof v === "object") checkColumns(v as CheckNode, out);
  }
  return out;
}
