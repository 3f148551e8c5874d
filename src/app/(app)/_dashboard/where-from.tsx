"use client";

import Link from "next/link";
import type { Filter } from "~/domain/analytics/filters";
import { encodeFilters } from "./url-state";

/** The provenance page for a number: the same range, filters and metric the number was computed with. */
export function provenanceHref(n: { from: string; to: string; filters?: Filter[]; metric?: string; what?: string }): string {
  const qs = new URLSearchParams({ from: n.from, to: n.to });
  if (n.metric) qs.set("metric", n.metric);
  if (n.what) qs.set("what", n.what);
  for (const f of encodeFilters(n.filters ?? [])) qs.append("f", f);
  return `/provenance?${qs}`;
}

/** A small "Where from?" link beside a KPI or a table row. */
export function WhereFrom(props: Parameters<typeof provenanceHref>[0]) {
  return (
    <Link href={provenanceHref(props)} className="small-text where-from" title="The runs and files this number comes from">
      Where from?
    </Link>
  );
}
