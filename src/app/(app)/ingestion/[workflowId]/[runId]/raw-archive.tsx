"use client";

import { useRouter } from "next/navigation";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";
import { formatBytes, formatWhen, runHref } from "../../format";

/** The run's raw files kept in the platform store: download links, and "Replay this run" for admins. */
export function RawArchive({ runId, isAdmin, running }: { runId: string; isAdmin: boolean; running: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const archive = useQuery({ ...trpc.storage.runArchive.queryOptions({ runId }), refetchInterval: running ? 3_000 : false });
  const replay = useMutation(trpc.storage.replay.mutationOptions({ onSuccess: (r) => router.push(runHref(r)) }));
  const a = archive.data;
  return (
    <section aria-labelledby="archive-h">
      <div className="row">
        <h2 id="archive-h">Archived raw files</h2>
        <span className="spacer" />
        {isAdmin && a?.status === "archived" && (
          <button type="button" disabled={replay.isPending} onClick={() => replay.mutate({ runId })}>
            {replay.isPending ? "Starting…" : "Replay this run"}
          </button>
        )}
      </div>
      {replay.error && <p className="error" role="alert">{replay.error.message}</p>}
      {archive.error && <p className="error" role="alert">{archive.error.message}</p>}
      {archive.isPending ? null : !a ? (
        <p className="muted">{running ? "The raw files are archived when the run loads them." : "No raw files are archived for this run (made before the archive existed, or removed by the retention)."}</p>
      ) : a.status === "failed" ? (
        <p className="error" role="alert" data-testid="archive-error">{a.error}</p>
      ) : (
        <>
          <p className="muted">Kept in object storage since {formatWhen(a.archivedAt)} (billing month {a.month}).</p>
          <table aria-label="Archived raw files">
            <thead><tr><th>File</th><th className="num">Size</th><th /></tr></thead>
            <tbody>
              {a.files.map((f) => (
                <tr key={f.name}>
                  <td>{f.name}</td>
                  <td className="num" title={`${f.bytes} bytes`}>{formatBytes(f.bytes)}</td>
                  <td><a href={`/api/raw-archive?runId=${encodeURIComponent(runId)}&file=${encodeURIComponent(f.name)}`} download>Download</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
