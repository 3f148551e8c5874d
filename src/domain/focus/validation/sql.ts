/** SQL text helpers for the rule compiler: identifiers from code, literals from the bundled model. */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function assertIdentifier(name: string, what = "identifier"): string {
  if (!IDENTIFIER.test(name)) throw new Error(`invalid ${what} ${JSON.stringify(name)}: only letters, digits and _ are allowed`);
  return name;
}

/** A quoted column or table name; throws on anything that is not a plain identifier. */
export function ident(name: string): string {
  return `\`${assertIdentifier(name)}\``;
}

/** A ClickHouse string literal. Only used for constants of the requirement model, never user input. */
export function stringLiteral(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return String(value);
}

/** The type without LowCardinality(…) and Nullable(…) wrappers. */
export function baseType(type: string): string {
  let t = type.trim();
  for (;;) {
    const m = /^(?:LowCardinality|Nullable)\((.*)\)$/.exec(t);
    if (!m) return t;
    t = m[1]!.trim();
  }
}

export const isStringType = (t: string) => /^(String|FixedString\(\d+\)|Enum(8|16)?\(.*\))$/.test(baseType(t));
export const isDecimalType = (t: string) => /^Decimal(32|64|128|256)?\(/.test(baseType(t));
export const isFloatType = (t: string) => /^(Float32|Float64|BFloat16)$/.test(baseType(t));
export const isIntegerType = (t: string) => /^U?Int(8|16|32|64|128|256)$/.test(baseType(t));
export const isNumericType = (t: string) => isDecimalType(t) || isFloatType(t) || isIntegerType(t);
export const isDateTimeType = (t: string) => /^(DateTime|DateTime64|Date|Date32)(\(.*\))?$/.test(baseType(t));

/** Scale of a Decimal type (Decimal(P, S) or DecimalN(S)); undefined for other types. */
export function decimalScale(type: string): number | undefined {
  const b = baseType(type);
  const m = /^Decimal\(\s*\d+\s*,\s*(\d+)\s*\)$/.exec(b) ?? /^Decimal(?:32|64|128|256)\(\s*(\d+)\s*\)$/.exec(b);
  return m ? Number(m[1]) : undefined;
}
