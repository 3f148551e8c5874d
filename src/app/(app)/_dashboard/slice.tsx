"use client";

import { useQuery } from "@tanstack/react-query";
import { createContext, useContext } from "react";
import { useTRPC } from "~/trpc/react";
import { FilterEditor, RangeInputs } from "./filter-bar";
import { shiftDays } from "./format";
import { EmptyData, ErrorBlock, LoadingBlock } from "./states";
import { encodeFilters, parseFilters, readRange, useUrlState } from "./url-state";
import { PdfButton } from "./export-buttons";
import { PrintHeader } from "./print-header";

/** The page title, for the print title block the slice controls render. */
const PageTitle = createContext("");
import { CurrencySelect, useReportingCurrency } from "./reporting-currency";

/** Page frame: title, PDF button, and the data gate (loading / no data yet / error). */
/** `currency`: the page can show amounts in a reporting currency (selector in the header). */
export function DashboardPage({ title, pdfName, currency, children }: { title: string; pdfName: string; currency?: boolean; children: (last: string) => React.ReactNode }) {
  const trpc = useTRPC();
  const days = useQuery(trpc.costs.dataDays.queryOptions());
  return (
    <PageTitle.Provider value={title}>
      <div className="row page-heading">
        <h1>{title}</h1>
        <span className="spacer" />
        {days.data && <span className="muted">Data through {days.data.last}</span>}
        {currency && <CurrencySelect />}
        <PdfButton name={pdfName} />
      </div>
      {days.isPending ? <LoadingBlock /> : days.error ? <ErrorBlock error={days.error} what="the data range" /> : !days.data ? <EmptyData /> : children(days.data.last)}
    </PageTitle.Provider>
  );
}

/** Date range + filters kept in the URL, with the controls to change them. */
export function useSlice(last: string, defaultDays = 30) {
  const { sp, set } = useUrlState();
  const range = readRange(sp, { from: shiftDays(last, -(defaultDays - 1)), to: last });
  const filters = parseFilters(sp);
  const currency = useReportingCurrency();
  return { sp, set, range, filters, currency, slice: { ...range, filters } };
}

export function SliceControls({ last, slice, children }: { last: string; slice: ReturnType<typeof useSlice>; children?: React.ReactNode }) {
  const { set } = slice;
  const trpc = useTRPC();
  const options = useQuery(trpc.costs.options.queryOptions(slice.range));
  const title = useContext(PageTitle);
  return (
    <>
    {title && <PrintHeader title={title} range={slice.range} filters={slice.filters} />}
    <section className="panel controls" aria-label="Query">
      <RangeInputs from={slice.range.from} to={slice.range.to} last={last} onChange={(r) => set(r)} />
      {children}
      <FilterEditor
        filters={slice.filters}
        onChange={(f) => set({ f: encodeFilters(f) })}
        range={slice.range}
        columns={options.data?.columns ?? ["ServiceName"]}
        tagKeys={options.data?.tagKeys ?? []}
      />
    </section>
    </>
  );
}
