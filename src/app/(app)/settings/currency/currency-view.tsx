"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";

/**
 * Exchange rates for the reporting currency (docs/currency.md): what is loaded, and for admins an
 * upload of an ECB reference-rate CSV (eurofxref-hist.csv), the same import as `abi rates import`.
 */
export function CurrencySettingsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.system.me.queryOptions());
  const rates = useQuery(trpc.currency.rates.queryOptions());
  const upload = useMutation(trpc.currency.importRates.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
  const [file, setFile] = useState<File | null>(null);
  const [readError, setReadError] = useState<string | null>(null);

  return (
    <>
      <h1>Currency</h1>
      <p className="muted">
        Every dashboard with a <em>Show in</em> selector can show amounts in one reporting currency. Each row is converted at the ECB
        reference rate of its charge day (the latest earlier rate within {rates.data?.maxGapDays ?? 7} days, as the ECB publishes
        none on weekends and holidays); rows without such a rate stay in their own currency and are counted as not converted.
        Rates are per 1 {rates.data?.pivot ?? "EUR"}; other pairs are cross rates through it.
      </p>
      {me.data?.role === "admin" && (
        <form
          className="panel form"
          style={{ maxWidth: 520 }}
          aria-label="Import exchange rates"
          onSubmit={(e) => {
            e.preventDefault();
            if (!file) return;
            setReadError(null);
            file.text().then(
              (csv) => upload.mutate({ fileName: file.name, csv }),
              () => setReadError(`${file.name} could not be read`),
            );
          }}
        >
          <label>
            ECB reference rates (CSV: Date,USD,JPY,…, e.g. eurofxref-hist.csv)
            <input type="file" accept=".csv,text/csv" data-testid="rates-file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </label>
          {(upload.error || readError) && <p className="error" role="alert">{readError ?? upload.error?.message}</p>}
          {upload.data && (
            <p role="status" data-testid="rates-imported">
              Imported {upload.data.rates.toLocaleString("en-US")} rates: {upload.data.days} days {upload.data.firstDay} … {upload.data.lastDay},{" "}
              {upload.data.currencies.length} currencies ({upload.data.skipped} N/A cells skipped).
            </p>
          )}
          <button className="primary" type="submit" disabled={!file || upload.isPending}>Import rates</button>
        </form>
      )}
      {rates.error && <p className="error" role="alert">{rates.error.message}</p>}
      {rates.data && rates.data.pairs.length === 0 ? (
        <p className="muted">No exchange rates are loaded yet.{me.data?.role === "admin" ? "" : " An admin imports them here."}</p>
      ) : (
        <table aria-label="Exchange rates">
          <thead><tr><th>Pair</th><th className="num">Days</th><th>First day</th><th>Last day</th><th className="num">Latest rate</th></tr></thead>
          <tbody>
            {rates.data?.pairs.map((p) => (
              <tr key={`${p.base}/${p.quote}`}>
                <td>1 {p.base} = … {p.quote}</td>
                <td className="num">{p.days.toLocaleString("en-US")}</td>
                <td>{p.firstDay}</td>
                <td>{p.lastDay}</td>
                <td className="num">{p.latestRate}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
