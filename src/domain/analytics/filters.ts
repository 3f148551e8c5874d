/**
 * The shared query input of every dashboard: a date range and include/exclude filters on
 * columns or tags, compiled into a WHERE clause with bound values and the billing scope.
 */
import { z } from "zod";
import { AnalyticsInputError } from "./errors";
import type { Params } from "./params";
import type { AnalyticsScope } from "./scope";
import type { TagRead } from "./dimensions";
import { compileSlice, sliceWhere } from "./compiled-slice";

/** The days a ClickHouse DateTime can hold (a later day failed as a 500 when bound). */
export const FIRST_DAY = "1970-01-01";
export const LAST_DAY = "2105-12-31";

/** A real calendar day (2025-02-30 was read as 2025-03-02) inside the range the store can hold. */
export const isoDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "dates are YYYY-MM-DD")
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().startsWith(d);
  }, "not a calendar day")
  .refine((d) => d >= FIRST_DAY && d <= LAST_DAY, `dates must be between ${FIRST_DAY} and ${LAST_DAY}`);
const isoDay = isoDaySchema;

export const filterSchema = z.object({
  /** A FOCUS column name or tag:<key>. */
  dim: z.string().min(1).max(300),
  op: z.enum(["in", "not_in"]),
  /** '' matches NULL / missing tag ("(none)" in the UI). */
  values: z.array(z.string().max(1000)).min(1).max(500),
});
export type Filter = z.infer<typeof filterSchema>;

export const rangeSchema = z.object({ from: isoDay, to: isoDay });
export type DateRange = z.infer<typeof rangeSchema>;

export const sliceSchema = rangeSchema.extend({ filters: z.array(filterSchema).max(30).default([]) });
export type Slice = z.infer<typeof sliceSchema>;

export const MAX_RANGE_DAYS = 800;

export function dayMs(day: string): number {
  const t = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(t)) throw new AnalyticsInputError(`not a date: ${day}`);
  return t;
}

export function addDays(day: string, n: number): string {
  return new Date(dayMs(day) + n * 86_400_000).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((dayMs(to) - dayMs(from)) / 86_400_000);
}

export function checkRange(r: DateRange): void {
  const days = daysBetween(r.from, r.to);
  if (days < 0) throw new AnalyticsInputError(`the range ends (${r.to}) before it starts (${r.from})`);
  if (days > MAX_RANGE_DAYS) throw new AnalyticsInputError(`the range is ${days} days; the limit is ${MAX_RANGE_DAYS}`);
}

/** Dimensions a slice touches (to choose a rollup that has all of them). */
export function sliceDimensions(s: { filters?: Filter[] }): string[] {
  return (s.filters ?? []).map((f) => f.dim);
}

/**
 * WHERE clause for a slice: the range on ChargePeriodStart (first key of the sort order),
 * every filter, the billing scope, and any extra predicates the caller adds (constants only).
 * Compiles the slice for this one statement; a procedure running several statements compiles
 * once (compileSlice) and uses sliceWhere per statement.
 */
export function whereClause(slice: { from: string; to: string; filters?: Filter[] }, scope: AnalyticsScope, params: Params, extra: string[] = [], read: TagRead = {}): string {
  return sliceWhere(compileSlice(slice, scope, read), params, extra);
}
