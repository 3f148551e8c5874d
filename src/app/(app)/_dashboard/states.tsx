"use client";

/** Loading, empty and error states shared by the dashboards. */
export function LoadingBlock({ height = 240, label = "Loading" }: { height?: number; label?: string }) {
  return <div className="panel skeleton" style={{ height }} role="status" aria-label={label} />;
}

export function EmptyData({ what = "cost data" }: { what?: string }) {
  return (
    <div className="panel empty" role="status">
      <strong>No {what} yet.</strong>
      <p className="muted">
        Load data first: run <code>abi seed</code> for demo data, upload billing files on <a href="/ingestion">/ingestion</a>, or
        configure a data source. Then reload this page.
      </p>
    </div>
  );
}

export function NoRows({ children }: { children?: React.ReactNode }) {
  return (
    <p className="muted" role="status">
      {children ?? "Nothing matches these filters in this date range. Widen the range or remove a filter."}
    </p>
  );
}

export function ErrorBlock({ error, what }: { error: { message: string } | null | undefined; what: string }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      Could not load {what}: {error.message}
    </p>
  );
}

export function CurrencyNote({ currencies }: { currencies: string[] }) {
  if (currencies.length <= 1) return null;
  return (
    <p className="badge currency-note" role="note">
      Costs are in {currencies.length} currencies ({currencies.join(", ")}); each currency is totalled apart, never summed together.
    </p>
  );
}
