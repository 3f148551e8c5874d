/**
 * A request's slice compiled once: the date range, the filters and the user's billing scope
 * become one WHERE fragment and its bound values, plus the dimensions the filters touch (for
 * pickSource). A procedure compiles its input once and hands the result to every statement it
 * runs, instead of each statement re-parsing the dimensions and re-binding filters and scope.
 * Every value stays a bound parameter; the fragment's names (`s0`, `s1`, …, `sliceFrom`,
 * `sliceTo`) never collide with the statement's own (`p0`, … from Params).
 */
import { dimensionExpr, parseDimension, type TagRead } from "./dimensions";
import { addDays, checkRange, type Filter } from "./filters";
import { Params } from "./params";
import { billingScopePredicate, type AnalyticsScope } from "./scope";

export type CompiledSlice = {
  readonly kind: "compiled-slice";
  readonly from: string;
  readonly to: string;
  readonly filters: readonly Filter[];
  readonly scope: AnalyticsScope;
  /** Dimensions (FOCUS columns or tag:<key>) the filters touch. */
  readonly dimensions: readonly string[];
  /** `(range) AND (filter) AND … AND (scope)`, values in `values`. */
  readonly sql: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** The filters and scope alone (no range), shared by withRange. */
  readonly conditions: string;
  /** Whether a filter or the scope reads tags, and whether they read them through TagMap. */
  readonly usesTags: boolean;
  readonly tagMap: boolean;
  /** The same slice compiled for the other tag read, made at most once (see forSource). */
  twin?: CompiledSlice;
};

const RANGE_SQL = "(ChargePeriodStart >= {sliceFrom:DateTime}) AND (ChargePeriodStart < {sliceTo:DateTime})";

/**
 * Parses the filters' dimensions and binds filters, scope and range, once. `read`: how the table
 * the statements read holds tags (pickSource's SourceTable.tagMap); a slice compiled for the
 * other read is adapted by sliceWhere when given the statement's source.
 */
export function compileSlice(slice: { from: string; to: string; filters?: readonly Filter[] }, scope: AnalyticsScope, read: TagRead = {}): CompiledSlice {
  const params = new Params("s");
  const parts: string[] = [];
  const dims = (slice.filters ?? []).map((f) => parseDimension(f.dim));
  (slice.filters ?? []).forEach((f, i) => {
    const expr = dimensionExpr(dims[i]!, params, read);
    parts.push(`${expr} ${f.op === "in" ? "IN" : "NOT IN"} ${params.bind(f.values, "Array(String)")}`);
  });
  parts.push(billingScopePredicate(scope, params, read));
  const conditions = parts.map((p) => `(${p})`).join(" AND ");
  const usesTags = dims.some((d) => d.kind === "tag") || (scope.rows !== "all" && scope.rows.some((t) => t.kind === "tag"));
  const base = {
    kind: "compiled-slice" as const, filters: [...(slice.filters ?? [])], scope, dimensions: (slice.filters ?? []).map((f) => f.dim), conditions,
    usesTags, tagMap: usesTags && read.tagMap === true,
  };
  return withRangeOf(base, params.values, slice);
}

/** The slice as the statement's source reads tags: itself, or its twin compiled for the other read. */
export function forSource(c: CompiledSlice, src: { tagMap: boolean }): CompiledSlice {
  if (!c.usesTags || c.tagMap === src.tagMap) return c;
  c.twin ??= compileSlice(c, c.scope, { tagMap: src.tagMap });
  return c.twin;
}

/** The same filters and scope over another date range (no re-parse, only the two days rebound). */
export function withRange(c: CompiledSlice, range: { from: string; to: string }): CompiledSlice {
  return withRangeOf(c, c.values, range);
}

/** The compiled slice's filters and scope with no filters: lookbacks and baselines that ignore them. */
export function withoutFilters(c: CompiledSlice, range: { from: string; to: string }): CompiledSlice {
  return c.filters.length === 0 ? withRange(c, range) : compileSlice(range, c.scope);
}

function withRangeOf(
  base: Pick<CompiledSlice, "filters" | "scope" | "dimensions" | "conditions" | "usesTags" | "tagMap">,
  values: Readonly<Record<string, unknown>>,
  range: { from: string; to: string },
): CompiledSlice {
  checkRange(range);
  return {
    filters: base.filters, scope: base.scope, dimensions: base.dimensions, conditions: base.conditions, usesTags: base.usesTags, tagMap: base.tagMap,
    kind: "compiled-slice",
    from: range.from,
    to: range.to,
    sql: `${RANGE_SQL} AND ${base.conditions}`,
    values: { ...values, sliceFrom: `${range.from} 00:00:00`, sliceTo: `${addDays(range.to, 1)} 00:00:00` },
  };
}

/** A compiled slice as it is, or a plain slice compiled now (callers that run one statement). */
export function compiled(slice: CompiledSlice | { from: string; to: string; filters?: readonly Filter[] }, scope: AnalyticsScope): CompiledSlice {
  return "kind" in slice && slice.kind === "compiled-slice" ? slice : compileSlice(slice, scope);
}

/**
 * WHERE of one statement: the slice's fragment plus the statement's own constant predicates.
 * `src`: the table the statement reads (its tag read picks the slice or its twin).
 */
export function sliceWhere(c: CompiledSlice, params: Params, extra: string[] = [], src?: { tagMap: boolean }): string {
  const s = src ? forSource(c, src) : c;
  params.adopt(s.values);
  return [s.sql, ...extra.map((e) => `(${e})`)].join(" AND ");
}
