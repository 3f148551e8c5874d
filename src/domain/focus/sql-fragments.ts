/** Small SQL builders shared by the converters. Inputs are column expressions built in code, never user text. */
import { DECIMAL } from "./columns";

export const NULL_STR = "CAST(NULL, 'Nullable(String)')";
export const NULL_DEC = `CAST(NULL, 'Nullable(${DECIMAL})')`;

/** Text cell → trimmed string, empty → NULL. */
export const str = (c: string | undefined) => (c ? `nullIf(trimBoth(${c}), '')` : NULL_STR);
/** Text → Decimal(38,18) or NULL when not a number. */
export const dec = (s: string) => `toDecimal128OrNull(${s}, 18)`;
/** US (MM/dd/yyyy, M/d/yyyy) or ISO date text → DateTime UTC. */
export const usDate = (s: string) => `parseDateTimeBestEffortUSOrNull(${s}, 'UTC')`;
/** ISO date text → DateTime UTC (FOCUS files). */
export const isoDate = (s: string) => `parseDateTimeBestEffortOrNull(${s}, 'UTC')`;
/** Exact decimal product: Decimal128(18) × Decimal128(18) needs scale 36, so multiply in Decimal256. */
export const mul = (a: string, b: string) =>
  `accurateCastOrNull(toDecimal256(${a}, 18) * toDecimal256(${b}, 18), '${DECIMAL}')`;
export const div = (a: string, b: string) =>
  `if(${b} = 0, NULL, accurateCastOrNull(divideDecimal(toDecimal256(${a}, 18), toDecimal256(${b}, 18), 18), '${DECIMAL}'))`;

// docs/focus-mapping.md#service-sku-resource-and-region (Tags, SkuPriceDetails as flat key-value objects)
/**
 * A JSON text → a flat JSON object with unique keys (first wins), optional key prefix, nested
 * values serialised as strings. Text that is not a JSON object is returned as-is so the
 * KeyValueFormat rule can quarantine it with a reason instead of silently dropping it.
 * `knownObject`: the expression is already NULL or a JSON object (skips parsing it once more).
 * `objectFlag`: a column already computed as "the expression is a JSON object" (1/0), so the caller
 * can also tell which branch produced the value (see trustedKeyValueRules in row-rules.ts).
 */
export function flatJsonObject(expr: string, opts: { keyPrefix?: string; knownObject?: boolean; objectFlag?: string } = {}): string {
  const keyPrefix = opts.keyPrefix ?? "";
  const pairs = `JSONExtractKeysAndValuesRaw(assumeNotNull(${expr}))`;
  const key = keyPrefix ? `concat('${keyPrefix}', kv.1)` : "kv.1";
  const dedup = `arrayFilter((kv, n) -> n = 1, ${pairs}, arrayEnumerateUniq(arrayMap(p -> p.1, ${pairs})))`;
  const value = `if(startsWith(kv.2, '{') OR startsWith(kv.2, '['), toJSONString(kv.2), kv.2)`;
  const rebuilt = `concat('{', arrayStringConcat(arrayMap(kv -> concat(toJSONString(${key}), ':', ${value}), ${dedup}), ','), '}')`;
  if (opts.knownObject) return `if(${expr} IS NULL, NULL, nullIf(${rebuilt}, '{}'))`;
  if (opts.objectFlag) return `if(${expr} IS NULL, NULL, if(${opts.objectFlag}, nullIf(${rebuilt}, '{}'), ${expr}))`;
  // JSONType is 'Null' for text that is not valid JSON.
  return `if(${expr} IS NULL, NULL, if(JSONType(${expr}) = 'Object', nullIf(${rebuilt}, '{}'), ${expr}))`;
}
