"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type RouterOutputs } from "~/trpc/react";
import { formatBytes } from "../../ingestion/format";

type View = RouterOutputs["storage"]["settings"];
type Form = { endpoint: string; region: string; bucket: string; prefix: string; forcePathStyle: boolean; verifyTls: boolean; accessKeyId: string; secretAccessKey: string };

const formOf = (v: View): Form => ({
  endpoint: v.endpoint, region: v.region, bucket: v.bucket, prefix: v.prefix, forcePathStyle: v.forcePathStyle, verifyTls: v.verifyTls, accessKeyId: v.accessKeyId, secretAccessKey: "",
});

function TestSteps({ result }: { result: RouterOutputs["storage"]["test"] }) {
  return (
    <table aria-label="Connection test">
      <thead><tr><th>Step</th><th>Result</th><th className="num">Took</th><th>Detail</th></tr></thead>
      <tbody>
        {result.steps.map((s) => (
          <tr key={s.step} data-testid={`step-${s.step}`}>
            <td>{s.step}</td>
            <td><span className={`badge run-${s.ok ? "completed" : "failed"}`}>{s.ok ? "ok" : "failed"}</span></td>
            <td className="num">{s.ms} ms</td>
            <td className={s.ok ? "small-text" : "error"}>{s.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Usage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const usage = useQuery(trpc.storage.usage.queryOptions());
  const setRetention = useMutation(trpc.storage.setRetention.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.storage.usage.queryKey() }) }));
  return (
    <section aria-labelledby="usage-h">
      <h2 id="usage-h">What is stored</h2>
      <p className="muted">Raw billing files of every run, under <span className="mono">raw/&lt;source&gt;/&lt;month&gt;/&lt;run&gt;/</span>. A daily job deletes runs older than the source's retention (0 days keeps them forever).</p>
      {usage.error && <p className="error" role="alert">{usage.error.message}</p>}
      {setRetention.error && <p className="error" role="alert">{setRetention.error.message}</p>}
      <table aria-label="Raw archive per source">
        <thead><tr><th>Source</th><th className="num">Runs</th><th className="num">Objects</th><th className="num">Size</th><th className="num">Failed copies</th><th>Retention (days)</th></tr></thead>
        <tbody>
          {usage.data?.sources.length === 0 && <tr><td colSpan={6} className="muted">No data source yet.</td></tr>}
          {usage.data?.sources.map((s) => (
            <tr key={s.sourceId}>
              <td>{s.sourceName}</td>
              <td className="num">{s.runs}</td>
              <td className="num">{s.objects}</td>
              <td className="num" title={`${s.bytes} bytes`}>{formatBytes(s.bytes)}</td>
              <td className="num">{s.failed}</td>
              <td>
                {s.sourceName === "(deleted source)" ? s.retentionDays : (
                  <input
                    type="number" min={0} max={3650} defaultValue={s.retentionDays} aria-label={`Retention of ${s.sourceName} in days`} style={{ width: "6rem" }}
                    onBlur={(e) => {
                      const days = Number(e.target.value);
                      if (days !== s.retentionDays) setRetention.mutate({ sourceId: s.sourceId, days });
                    }}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function StorageView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.storage.settings.queryOptions());
  const [form, setForm] = useState<Form | null>(null);
  useEffect(() => {
    if (settings.data && !form) setForm(formOf(settings.data));
  }, [settings.data, form]);
  const test = useMutation(trpc.storage.test.mutationOptions());
  const createBucket = useMutation(trpc.storage.createBucket.mutationOptions({ onSuccess: () => test.reset() }));
  const save = useMutation(
    trpc.storage.save.mutationOptions({
      onSuccess: (v) => {
        queryClient.setQueryData(trpc.storage.settings.queryKey(), v);
        setForm(formOf(v));
      },
    }),
  );

  const v = settings.data;
  if (settings.error) return <p className="error" role="alert">{settings.error.message}</p>;
  if (!v || !form) return <div className="panel skeleton" style={{ height: 300 }} />;
  const fromEnv = v.source === "environment";
  const set = <K extends keyof Form>(k: K, value: Form[K]) => setForm({ ...form, [k]: value });
  const input = fromEnv ? undefined : form;

  return (
    <>
      <p><Link href="/infrastructure">← Infrastructure</Link></p>
      <h1>Object storage</h1>
      <p data-testid="storage-location">
        ABI keeps its own files (raw billing files, exports, backups) in <span className="mono">{v.location}</span>
        {v.source === "default" ? " (the data directory: no S3 bucket is configured)." : "."}
      </p>
      {fromEnv && <p className="muted" role="status" data-testid="set-by-env">Set by environment (<span className="mono">S3_*</span> variables): shown read-only; change them on the server.</p>}
      <form
        className="panel form"
        style={{ maxWidth: 560 }}
        aria-label="Object storage settings"
        onSubmit={(e) => {
          e.preventDefault();
          if (!fromEnv) save.mutate(form);
        }}
      >
        <fieldset disabled={fromEnv} style={{ border: 0, padding: 0, margin: 0, display: "contents" }}>
          <label>Endpoint<input type="url" placeholder="http://minio:9000 (empty for AWS S3)" value={form.endpoint} onChange={(e) => set("endpoint", e.target.value)} /></label>
          <label>Region<input value={form.region} onChange={(e) => set("region", e.target.value)} /></label>
          <label>Bucket<input required value={form.bucket} onChange={(e) => set("bucket", e.target.value)} /></label>
          <label>Prefix<input value={form.prefix} onChange={(e) => set("prefix", e.target.value)} /></label>
          <label className="inline"><input type="checkbox" checked={form.forcePathStyle} onChange={(e) => set("forcePathStyle", e.target.checked)} />Path-style URLs (MinIO and most self-hosted S3)</label>
          <label className="inline"><input type="checkbox" checked={form.verifyTls} onChange={(e) => set("verifyTls", e.target.checked)} />Verify the TLS certificate</label>
          <label>Access key<input required autoComplete="off" value={form.accessKeyId} onChange={(e) => set("accessKeyId", e.target.value)} /></label>
          <label>
            Secret key
            <input
              type="password" autoComplete="new-password" value={form.secretAccessKey}
              placeholder={v.secretSet ? "stored (leave empty to keep it)" : ""} onChange={(e) => set("secretAccessKey", e.target.value)}
            />
          </label>
        </fieldset>
        {test.data && (test.data.ok ? <p role="status" className="test-ok">Connected: every step worked.</p> : <p className="error" role="alert">Connection test failed.</p>)}
        {test.data && <TestSteps result={test.data} />}
        {test.data?.bucketMissing && (
          <p>
            <button type="button" disabled={createBucket.isPending} onClick={() => createBucket.mutate(input)}>
              {createBucket.isPending ? "Creating…" : `Create bucket ${fromEnv ? v.bucket : form.bucket}`}
            </button>
          </p>
        )}
        {createBucket.data && <p role="status" className="test-ok">Bucket {createBucket.data.bucket} created; test again.</p>}
        {[test.error, createBucket.error, save.error].filter(Boolean).map((e, i) => <p key={i} className="error" role="alert">{e!.message}</p>)}
        {save.isSuccess && <p role="status" className="test-ok">Saved. New files go to {save.data.location}.</p>}
        <div className="row">
          {!fromEnv && <button className="primary" type="submit" disabled={save.isPending}>{save.isPending ? "Saving…" : "Save"}</button>}
          <button type="button" disabled={test.isPending} onClick={() => test.mutate(input)}>{test.isPending ? "Testing…" : "Test connection"}</button>
        </div>
      </form>
      <Usage />
    </>
  );
}
