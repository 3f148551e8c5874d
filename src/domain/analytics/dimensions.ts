/**
 * Whitelists: the only identifiers (columns, metrics) the analytics SQL may contain.
 * A dimension is either a FOCUS column ("ServiceName") or a tag key ("tag:env"); tag keys are
 * bound parameters, so any key is allowed and none reaches the SQL text.
 */
import { FOCUS_COLUMNS } from "../focus/columns";
import { AnalyticsInputError } from "./errors";
import type { Params } from "./params";
import { tagAliases } from "./tag-aliases";

/** Columns one can group or filter by: every FOCUS/x_ dimension plus source and billing month. */
export const GROUPABLE_COLUMNS: readonly string[] = FOCUS_COLUMNS.filter(
  (c) => c.kind === "dimension" || c.name === "x_SourceId" || c.name === "x_BillingMonth",
).map((c) => c.name);
const groupable = new Set(GROUPABLE_COLUMNS);

/** The columns offered first in the UI (the rest stay available in the list). */
export const COMMON_COLUMNS = [
  "ServiceName", "ServiceCategory", "ServiceSubcategory", "SubAccountName", "x_ResourceGroupName", "RegionName",
  "ResourceName", "ResourceType", "ChargeCategory", "PricingCategory", "BillingAccountName", "BillingCurrency",
  "CommitmentDiscountType", "CommitmentDiscountStatus", "x_SkuMeterCategory", "PublisherName", "ProviderName",
] as const;

export const METRICS = {
  BilledCost: "sum(BilledCost)",
  EffectiveCost: "sum(EffectiveCost)",
  ListCost: "sum(ListCost)",
  ContractedCost: "sum(ContractedCost)",
  /** What discounts and commitments saved against list prices. */
  Savings: "sum(ListCost) - sum(EffectiveCost)",
} as const;
export type Metric = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as Metric[];

export type Dimension = { kind: "column"; column: string } | { kind: "tag"; key: string };

const TAG_PREFIX = "tag:";

/** Parses "ServiceName" or "tag:cost-center"; anything else is refused with the allowed list. */
export function parseDimension(text: string): Dimension {
  if (text.startsWith(TAG_PREFIX)) {
    const key = text.slice(TAG_PREFIX.length);
    if (!key.trim() || key.length > 256) throw new AnalyticsInputError(`tag key must be 1–256 characters, got ${JSON.stringify(key)}`);
    return { kind: "tag", key };
  }
  if (!groupable.has(text)) {
    throw new AnalyticsInputError(`cannot group or filter by ${JSON.stringify(text)}: use a FOCUS column (${COMMON_COLUMNS.slice(0, 6).join(", ")}, …) or tag:<key>`);
  }
  return { kind: "column", column: text };
}

/**
 * SQL expression for a dimension's value as a String ('' for NULL / missing tag).
 * The column name comes from the whitelist; a tag key is bound.
 */
export function dimensionExpr(d: Dimension, params: Params, read: TagRead = {}): string {
  if (d.kind === "tag") return tagValueExpr(d.key, params, read);
  if (!groupable.has(d.column)) throw new AnalyticsInputError(`column ${JSON.stringify(d.column)} is not allowed`);
  return `ifNull(toString(\`${d.column}\`), '')`;
}

export function assertMetric(m: string): Metric {
  if (!(m in METRICS)) throw new AnalyticsInputError(`unknown metric ${JSON.stringify(m)}; use one of ${METRIC_NAMES.join(", ")}`);
  return m as Metric;
}

/**
 * How the table being read holds tags: `tagMap` when it has the parsed TagMap column (the
 * resource rollup, clickhouse/migrations/0037), else the Tags JSON is parsed per row.
 */
export type TagRead = { tagMap?: boolean };

/**
 * The value of tag `key` on a row, with tag keys normalised (tag-aliases.ts): the first tag whose
 * key, read through the alias map, equals the key asked for (itself read through the map).
 * Without aliases it is the plain lookup. TagMap holds exactly JSONExtractKeysAndValues(Tags,
 * 'String'), so both reads give the same value ('' for a missing key or a non-string value).
 */
export function tagValueExpr(key: string, params: Params, read: TagRead = {}): string {
  const map = tagAliases();
  if (map.from.length === 0) {
    const k = params.bind(key, "String");
    return read.tagMap ? `TagMap[${k}]` : `JSONExtractString(ifNull(Tags, '{}'), ${k})`;
  }
  const from = params.bind(map.from, "Array(String)");
  const to = params.bind(map.to, "Array(String)");
  const k = params.bind(key, "String");
  const pairs = read.tagMap ? "arrayZip(mapKeys(TagMap), mapValues(TagMap))" : "JSONExtractKeysAndValues(ifNull(Tags, '{}'), 'String')";
  return `arrayFirst(t -> transform(lower(t.1), ${from}, ${to}, t.1) = transform(lower(${k}), ${from}, ${to}, ${k}), ${pairs}).2`;
}

/** Tag keys of a row, normalised (for listing keys). */
export function tagKeysExpr(params: Params): string {
  const map = tagAliases();
  if (map.from.length === 0) return `JSONExtractKeys(ifNull(Tags, '{}'))`;
  return `arrayMap(k -> transform(lower(k), ${params.bind(map.from, "Array(String)")}, ${params.bind(map.to, "Array(String)")}, k), JSONExtractKeys(ifNull(Tags, '{}')))`;
}
