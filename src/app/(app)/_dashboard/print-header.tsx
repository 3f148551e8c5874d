"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { Filter } from "~/domain/analytics/filters";
import { useTRPC } from "~/trpc/react";
import { dimLabel } from "./filter-bar";
import { label } from "./format";

/**
 * The title block of a printed report (PDF export, scheduled reports): shown only in print, where
 * the page's controls are hidden. It states what the numbers are: title, date range, the query's
 * settings and filters, the reader's billing scope, the currency and when it was generated.
 */
export function PrintHeader({ title, range, settings = [], filters = [], currency }: {
  title: string;
  range?: { from: string; to: string };
  /** The query in words, e.g. ["Per day", "Effective cost (amortized)", "Grouped by ServiceName"]. */
  settings?: string[];
  filters?: Filter[];
  currency?: string;
}) {
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.system.me.queryOptions(), staleTime: 60_000 });
  const [generatedAt] = useState(() => new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC");
  return (
    <header className="print-only print-title" data-testid="print-title">
      <h1>{title}</h1>
      <dl>
        {range && (
          <>
            <dt>Period</dt>
            <dd>From {range.from} to {range.to}</dd>
          </>
        )}
        {settings.length > 0 && (
          <>
            <dt>Report</dt>
            <dd>{settings.join(" · ")}</dd>
          </>
        )}
        <dt>Filters</dt>
        <dd>{filters.length === 0 ? "none" : filters.map((f) => `${dimLabel(f.dim)} ${f.op === "in" ? "is" : "is not"} ${f.values.map(label).join(" or ")}`).join("; ")}</dd>
        <dt>Scope</dt>
        <dd>{me.data ? `${me.data.scope} (${me.data.email})` : "…"}</dd>
        {currency && (
          <>
            <dt>Currency</dt>
            <dd>{currency}</dd>
          </>
        )}
        <dt>Generated</dt>
        <dd>{generatedAt}</dd>
      </dl>
    </header>
  );
}
