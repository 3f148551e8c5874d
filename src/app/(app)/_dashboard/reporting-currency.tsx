"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";
import type { Filter } from "~/domain/analytics/filters";
import { formatMoney } from "./format";
import { useUrlState } from "./url-state";

const CODE = /^[A-Z]{3}$/;

/** The reporting currency chosen in the URL (`?currency=EUR`); undefined = billing currencies. */
export function useReportingCurrency(): string | undefined {
  const { sp } = useUrlState();
  const c = sp.get("currency") ?? "";
  return CODE.test(c) ? c : undefined;
}

/** Tooltip of a converted amount: what it was in each billing currency before conversion. */
export function originalsTitle(originals: { currency: string; amount: string }[] | undefined): string | undefined {
  if (!originals || originals.length === 0) return undefined;
  return `Before conversion: ${originals.map((o) => formatMoney(o.amount, o.currency)).join(" + ")}`;
}

/** Header selector: "Billing currencies" (the original amounts) or one reporting currency. */
export function CurrencySelect() {
  const trpc = useTRPC();
  const { set } = useUrlState();
  const current = useReportingCurrency();
  const rates = useQuery(trpc.currency.rates.queryOptions());
  const currencies = rates.data?.currencies ?? [];
  const none = rates.isSuccess && currencies.length === 0;
  return (
    <label className="inline" title={none ? "No exchange rates are loaded yet: an admin imports them on Settings → Currency" : "Show every amount in one currency"}>
      Show in
      <select data-testid="reporting-currency" value={current ?? ""} disabled={none && !current} onChange={(e) => set({ currency: e.target.value || null, cur: null })}>
        <option value="">Billing currencies</option>
        {[...new Set([...currencies, ...(current ? [current] : [])])].map((c) => <option key={c} value={c}>{c}</option>)}
      </select>
    </label>
  );
}

/**
 * What a converted page is made of: the rule, the original amounts per billing currency (in the
 * title), the rows without a rate (never guessed: they stay in their own currency), and the way
 * back to the original currencies.
 */
export function ConversionNote({ range, filters = [] }: { range: { from: string; to: string }; filters?: Filter[] }) {
  const trpc = useTRPC();
  const { set } = useUrlState();
  const currency = useReportingCurrency();
  const s = useQuery({ ...trpc.currency.summary.queryOptions({ ...range, filters, currency: currency ?? "EUR" }), enabled: currency !== undefined });
  if (!currency) return null;
  const d = s.data;
  const originals = d?.converted
    .filter((c) => c.currency !== currency)
    .map((c) => `${formatMoney(c.effective, c.currency)} → ${formatMoney(c.convertedEffective, currency)} (${c.rows.toLocaleString("en-US")} rows)`)
    .join("\n");
  const missingRows = d?.missing.reduce((n, m) => n + m.rows, 0) ?? 0;
  return (
    <p className="badge currency-note" role="note" data-testid="conversion-note" title={originals ? `Effective cost before conversion:\n${originals}` : undefined}>
      Amounts in {currency}, converted at the ECB reference rate of each row&apos;s charge day (the latest earlier rate within {d?.maxGapDays ?? 7} days).{" "}
      {missingRows > 0 && d && (
        <strong data-testid="conversion-missing">
          {missingRows.toLocaleString("en-US")} row{missingRows === 1 ? "" : "s"} without a rate:{" "}
          {d.missing.map((m) => `${formatMoney(m.effective, m.currency)}`).join(", ")} not converted (shown in their own currency).{" "}
        </strong>
      )}
      <button type="button" className="link" onClick={() => set({ currency: null, cur: null })}>Show original currencies</button>
    </p>
  );
}
