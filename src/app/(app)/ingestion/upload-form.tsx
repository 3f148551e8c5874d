"use client";

import Link from "next/link";
import { useRef, useState } from "react";
import { ProgressBar } from "./progress-bar";

type Result = { workflowId: string; runId: string; files: { name: string; bytes: number }[] };

/** Sends the files as multipart/form-data; XMLHttpRequest because fetch reports no upload progress. */
function upload(sourceId: string, files: File[], onProgress: (done: number, total: number) => void): Promise<Result> {
  return new Promise((resolve, reject) => {
    const body = new FormData();
    for (const f of files) body.append("files", f, f.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/uploads?sourceId=${encodeURIComponent(sourceId)}`);
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.total);
    xhr.onload = () => {
      const res = xhr.response as (Result & { error?: string }) | null;
      if (xhr.status >= 200 && xhr.status < 300 && res) resolve(res);
      else reject(new Error(res?.error ?? `The upload failed (HTTP ${xhr.status})`));
    };
    xhr.onerror = () => reject(new Error("The upload was interrupted (network error)"));
    xhr.send(body);
  });
}

export function UploadForm({ sources, uploadPlugin, onStarted }: { sources: { id: string; name: string }[]; uploadPlugin?: string; onStarted: () => void }) {
  const [sourceId, setSourceId] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [started, setStarted] = useState<Result | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const target = sourceId || sources[0]?.id || "";

  return (
    <form
      className="panel form"
      aria-label="Upload export files"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        setStarted(null);
        setProgress({ done: 0, total: files.reduce((a, f) => a + f.size, 0) });
        upload(target, files, (done, total) => setProgress({ done, total }))
          .then((r) => {
            setStarted(r);
            setFiles([]);
            if (input.current) input.current.value = "";
            onStarted();
          })
          .catch((err: Error) => setError(err.message))
          .finally(() => setProgress(null));
      }}
    >
      <h2>Upload export files</h2>
      {sources.length === 0 ? (
        <p className="muted">
          Uploads go to a file-upload source. <Link href={uploadPlugin ? `/sources/new?plugin=${encodeURIComponent(uploadPlugin)}` : "/sources/new"}>Add one</Link>.
        </p>
      ) : (
        <label>
          Into source
          <select value={target} onChange={(e) => setSourceId(e.target.value)}>
            {sources.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </label>
      )}
      <label>
        Files (CSV, .csv.gz or Parquet)
        <input ref={input} type="file" multiple accept=".csv,.gz,.parquet" onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />
      </label>
      {progress && <ProgressBar step="uploading" done={progress.done} total={progress.total} unit="bytes" />}
      {error && <p className="error" role="alert">{error}</p>}
      {started && <p role="status" className="muted">Uploaded {started.files.map((f) => f.name).join(", ")}; ingesting.</p>}
      <button className="primary" type="submit" disabled={!target || files.length === 0 || progress !== null}>Upload and ingest</button>
    </form>
  );
}
