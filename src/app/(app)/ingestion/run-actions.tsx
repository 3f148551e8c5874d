"use client";

import Link from "next/link";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";
import { previousMonth } from "./format";
import { UploadForm } from "./upload-form";
import { MAX_BACKFILL_MONTHS } from "~/domain/ingestion/months";


function monthsBack(n: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 1)).toISOString().slice(0, 7);
}

/** Admin actions: run a month now, backfill a range, upload export files. */
export function RunActions({ onStarted }: { onStarted: () => void }) {
  const trpc = useTRPC();
  const sources = useQuery(trpc.sources.list.queryOptions());
  const forms = useQuery(trpc.sources.plugins.queryOptions());
  const uploadPlugin = forms.data?.find((f) => f.acceptsUploads)?.id;
  const pulling = sources.data?.filter((s) => s.pullsMonths) ?? [];
  const uploads = sources.data?.filter((s) => s.acceptsUploads) ?? [];
  const [run, setRun] = useState({ sourceId: "", month: previousMonth() });
  const [fill, setFill] = useState({ sourceId: "", from: monthsBack(3), to: previousMonth() });
  const runNow = useMutation(trpc.ingestion.runNow.mutationOptions({ onSuccess: onStarted }));
  const backfill = useMutation(trpc.ingestion.backfill.mutationOptions({ onSuccess: onStarted }));

  if (sources.isPending) return <div className="panel skeleton" style={{ height: 120, marginBottom: "1rem" }} />;
  if (sources.data?.length === 0) {
    return (
      <p className="panel">
        No data sources yet. <Link href="/sources/new">Add a data source</Link> (Azure Cost Details, exports in S3, or file upload) to start ingesting.
      </p>
    );
  }
  const runSource = run.sourceId || pulling[0]?.id || "";
  const fillSource = fill.sourceId || pulling[0]?.id || "";

  return (
    <div className="grid actions" style={{ marginBottom: "1rem" }}>
      <form
        className="panel form"
        aria-label="Run now"
        onSubmit={(e) => {
          e.preventDefault();
          runNow.mutate({ sourceId: runSource, month: run.month });
        }}
      >
        <h2>Run now</h2>
        <label>
          Source
          <select value={runSource} onChange={(e) => setRun({ ...run, sourceId: e.target.value })} disabled={pulling.length === 0}>
            {pulling.length === 0 && <option value="">no source pulls months</option>}
            {pulling.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </label>
        <label>
          Billing month
          <input type="month" required value={run.month} onChange={(e) => setRun({ ...run, month: e.target.value })} />
        </label>
        {runNow.error && <p className="error" role="alert">{runNow.error.message}</p>}
        {runNow.isSuccess && <p role="status" className="muted">Started {runNow.variables?.month}.</p>}
        <button className="primary" type="submit" disabled={runNow.isPending || !runSource}>Run now</button>
      </form>

      <form
        className="panel form"
        aria-label="Backfill"
        onSubmit={(e) => {
          e.preventDefault();
          backfill.mutate({ sourceId: fillSource, from: fill.from, to: fill.to });
        }}
      >
        <h2>Backfill</h2>
        <label>
          Source
          <select value={fillSource} onChange={(e) => setFill({ ...fill, sourceId: e.target.value })} disabled={pulling.length === 0}>
            {pulling.length === 0 && <option value="">no source pulls months</option>}
            {pulling.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </label>
        <div className="row">
          <label>From<input type="month" required value={fill.from} onChange={(e) => setFill({ ...fill, from: e.target.value })} /></label>
          <label>To<input type="month" required value={fill.to} onChange={(e) => setFill({ ...fill, to: e.target.value })} /></label>
        </div>
        <span className="muted small-text">At most {MAX_BACKFILL_MONTHS} months; Azure keeps 13 months of cost details.</span>
        {backfill.error && <p className="error" role="alert">{backfill.error.message}</p>}
        {backfill.isSuccess && <p role="status" className="muted">Backfilling {backfill.data.months.length} months.</p>}
        <button className="primary" type="submit" disabled={backfill.isPending || !fillSource}>Start backfill</button>
      </form>

      <UploadForm sources={uploads} uploadPlugin={uploadPlugin} onStarted={onStarted} />
    </div>
  );
}
