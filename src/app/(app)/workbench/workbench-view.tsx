"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import type { ExportTable } from "~/domain/analytics/export/table";
import type { WorkbenchResult } from "~/domain/workbench/run";
import { useTRPC } from "~/trpc/react";
import { ExportButtons } from "../_dashboard/export-buttons";
import { ErrorBlock, LoadingBlock } from "../_dashboard/states";
import { ResultsChart } from "./results-chart";

const EXAMPLE = `SELECT ServiceName, toString(sum(EffectiveCost)) AS cost
FROM focus
WHERE ChargePeriodStart >= today() - 30
GROUP BY ServiceName
ORDER BY sum(EffectiveCost) DESC
LIMIT 20`;

const cellText = (v: unknown) => (v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));

export function WorkbenchView() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [sql, setSql] = useState(EXAMPLE);
  const [view, setView] = useState<"table" | "chart">("table");
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const [result, setResult] = useState<WorkbenchResult | null>(null);
  const views = useQuery(trpc.workbench.views.queryOptions());
  const datasets = useQuery(trpc.workbench.listDatasets.queryOptions());
  const run = useMutation(trpc.workbench.run.mutationOptions({ onSuccess: setResult }));
  const open = useMutation(
    trpc.workbench.openDataset.mutationOptions({
      onSuccess: (r) => {
        setSql(r.dataset.sql);
        setName(r.dataset.name);
        setResult(r);
      },
    }),
  );
  const refreshDatasets = () => qc.invalidateQueries({ queryKey: trpc.workbench.listDatasets.queryKey() });
  const save = useMutation(trpc.workbench.saveDataset.mutationOptions({ onSuccess: refreshDatasets }));
  const remove = useMutation(trpc.workbench.deleteDataset.mutationOptions({ onSuccess: refreshDatasets }));
  const columnNames = useMemo(() => (views.data ?? []).flatMap((v) => v.columns.map((c) => c.name)), [views.data]);
  const error = run.error ?? open.error;
  // Column autocomplete: the word before the cursor, matched against the views' columns.
  const [cursor, setCursor] = useState(0);
  const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(sql.slice(0, cursor))?.[0] ?? "";
  const suggestions = word.length < 2 ? [] : columnNames.filter((c) => c.toLowerCase().startsWith(word.toLowerCase()) && c !== word).slice(0, 8);
  const complete = (c: string) => {
    setSql(sql.slice(0, cursor - word.length) + c + sql.slice(cursor));
    setCursor(cursor - word.length + c.length);
  };

  const exportTable = (): ExportTable => ({
    name: name || "workbench",
    columns: result?.columns.map((c) => c.name) ?? [],
    rows: (result?.rows ?? []).map((r) => r.map((v) => (v === null || v === undefined ? null : typeof v === "number" ? v : cellText(v)))),
  });

  return (
    <>
      <div className="row">
        <h1>SQL workbench</h1>
        <span className="spacer" />
        <span className="muted">Read-only SQL over the FOCUS views, limited to the data you may see.</span>
      </div>
      <section className="panel controls" aria-label="Query">
        <label htmlFor="workbench-sql">SQL</label>
        <textarea
          id="workbench-sql"
          rows={10}
          spellCheck={false}
          style={{ width: "100%", fontFamily: "monospace" }}
          value={sql}
          onChange={(e) => {
            setSql(e.target.value);
            setCursor(e.target.selectionStart);
          }}
          onSelect={(e) => setCursor(e.currentTarget.selectionStart)}
          onKeyDown={(e) => {
            if ((e.ctrlKey || e.metaKey) && e.key === "Enter") run.mutate({ sql });
          }}
        />
        {suggestions.length > 0 ? (
          <div className="row" aria-label="Column suggestions">
            {suggestions.map((c) => (
              <button key={c} type="button" className="small" onClick={() => complete(c)}>{c}</button>
            ))}
          </div>
        ) : null}
        <div className="row">
          <button type="button" disabled={run.isPending || sql.trim() === ""} onClick={() => run.mutate({ sql })}>
            {run.isPending ? "Running…" : "Run"}
          </button>
          <span className="muted">Ctrl+Enter runs the query</span>
          <span className="spacer" />
          <label className="inline">
            Dataset name
            <input value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="inline">
            <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} /> shared with analysts
          </label>
          <button type="button" disabled={save.isPending || !name.trim()} onClick={() => save.mutate({ name, sql, shared })}>
            Save as dataset
          </button>
        </div>
        {save.error ? <p role="alert" className="error">{save.error.message}</p> : null}
        {save.isSuccess ? <p role="status">Saved “{save.data?.name}”.</p> : null}
      </section>

      {error ? <p role="alert" className="error" data-testid="workbench-error">{error.message}</p> : null}

      {result ? (
        <section className="panel" aria-label="Results">
          <div className="row">
            <strong data-testid="workbench-rowcount">
              {result.rows.length} row{result.rows.length === 1 ? "" : "s"}
            </strong>
            {result.truncated ? <span className="warning" data-testid="workbench-truncated">truncated at the row limit</span> : null}
            <span className="muted">{result.elapsedMs} ms</span>
            <span className="spacer" />
            <label className="inline">
              Show
              <select value={view} onChange={(e) => setView(e.target.value as "table" | "chart")}>
                <option value="table">Table</option>
                <option value="chart">Chart</option>
              </select>
            </label>
            <ExportButtons table={exportTable} disabled={result.rows.length === 0} />
          </div>
          {view === "chart" ? (
            <ResultsChart columns={result.columns} rows={result.rows} />
          ) : (
            <div style={{ overflowX: "auto" }}>
              <table data-testid="workbench-results">
                <thead>
                  <tr>
                    {result.columns.map((c) => (
                      <th key={c.name} title={c.type}>{c.name}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {result.rows.slice(0, 1000).map((r, i) => (
                    <tr key={i}>
                      {r.map((v, j) => (
                        <td key={j}>{cellText(v)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
              {result.rows.length > 1000 ? <p className="muted">The first 1,000 rows are shown; the downloads hold all {result.rows.length}.</p> : null}
            </div>
          )}
        </section>
      ) : null}

      <section className="panel" aria-label="Datasets">
        <h2>Datasets</h2>
        {datasets.isPending ? <LoadingBlock height={60} /> : datasets.error ? <ErrorBlock error={datasets.error} what="the datasets" /> : null}
        {datasets.data?.length === 0 ? <p className="muted">No datasets yet: run a query and save it.</p> : null}
        <ul>
          {datasets.data?.map((d) => (
            <li key={d.id} className="row">
              <button type="button" className="link" onClick={() => open.mutate({ id: d.id })}>{d.name}</button>
              <span className="muted">{d.columns.map((c) => c.name).join(", ")}{d.shared ? " · shared" : ""}</span>
              {d.mine ? (
                <button type="button" className="small" disabled={remove.isPending} onClick={() => remove.mutate({ id: d.id })}>Delete</button>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      <section className="panel" aria-label="Views">
        <h2>Views you can query</h2>
        {views.isPending ? <LoadingBlock height={60} /> : views.error ? <ErrorBlock error={views.error} what="the views" /> : null}
        {views.data?.map((v) => (
          <details key={v.name}>
            <summary>
              <code>{v.name}</code> — {v.description}
            </summary>
            <ul className="columns">
              {v.columns.map((c) => (
                <li key={c.name}>
                  <code>{c.name}</code> <span className="muted">{c.type}</span>
                </li>
              ))}
            </ul>
          </details>
        ))}
        <p className="muted">See docs/workbench.md for what the workbench refuses and its limits.</p>
      </section>
    </>
  );
}
