"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type RouterOutputs } from "~/trpc/react";
import { categoryLabel } from "../catalogue-view";
import { PluginBadges } from "../plugin-badges";

type Page = RouterOutputs["marketplace"]["page"];

/** A homepage is a link only when it is an http(s) URL; a built-in's is a path in the docs. */
function Homepage({ href }: { href: string }) {
  if (/^https?:\/\//i.test(href)) return <a href={href} rel="noopener noreferrer" target="_blank">{href}</a>;
  return <span className="mono">{href || "—"}</span>;
}

function Versions({ page }: { page: Page }) {
  return (
    <table aria-label="Versions">
      <thead><tr><th>Version</th><th>Compatibility</th><th>Dependencies</th><th>Changelog</th><th>From</th><th>SHA-256</th></tr></thead>
      <tbody>
        {page.versions.map((v) => (
          <tr key={v.version} data-testid="version-row">
            <td>
              {v.version}
              {v.version === page.installedVersion && <div><span className="badge run-completed">installed</span></div>}
              {v.version === page.previousVersion && <div><span className="badge">previous</span></div>}
            </td>
            <td>
              <div>ABI {v.abi} · ours {page.abiVersion}: {v.abiMet ? "✓ compatible" : "✗ not compatible"}</div>
              {v.incompatible && <div className="error small-text">{v.incompatible}</div>}
            </td>
            <td>
              {v.dependencyChecks.length === 0 && <span className="muted">none</span>}
              {v.dependencyChecks.map((d) => (
                <div key={d.id} className="small-text">
                  {d.met ? "✓" : "✗"} {d.id} {d.range}
                  {d.met ? ` (${d.installed} installed)` : `: ${d.reason}`}
                </div>
              ))}
            </td>
            <td className="small-text" style={{ whiteSpace: "pre-wrap" }}>{v.changelog || <span className="muted">—</span>}</td>
            <td>{v.source}</td>
            <td className="mono small-text" data-testid="version-sha256">{v.packageSha256 ?? <span className="muted">built in (no package)</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Permissions({ page }: { page: Page }) {
  const caps = page.capabilities;
  return (
    <section className="panel" aria-labelledby="perm-h" style={{ marginBottom: "1rem" }}>
      <h2 id="perm-h" style={{ marginTop: 0 }}>Permissions and hosts</h2>
      {!caps && <p className="muted">The code of this version is not loaded, so what it does is not known yet.</p>}
      {caps && (
        <ul>
          <li>Delivers: {caps.datasets.join(", ")}</li>
          <li>{caps.pullsMonths ? "Pulls billing months itself (run now, backfills, a daily schedule)" : "Does not pull data itself"}</li>
          <li>{caps.acceptsUploads ? "Takes uploaded files" : "Takes no uploads"}</li>
          <li>Secrets: {caps.secretFields.length ? caps.secretFields.join(", ") + " (stored encrypted, never shown again)" : "none"}</li>
        </ul>
      )}
      {page.secretHosts ? (
        <p data-testid="secret-hosts">
          Its {page.secretHosts.secret} is only sent to the host named by its {page.secretHosts.fields}
          {page.secretHosts.hosts.length > 0 ? <>; hosts its sources use now: <span className="mono">{page.secretHosts.hosts.join(", ")}</span></> : "."}
          {" "}Changing that host means entering the secret again.
        </p>
      ) : (
        caps && <p className="muted">It sends no secret anywhere.</p>
      )}
    </section>
  );
}

function Actions({ page }: { page: Page }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.marketplace.page.queryKey({ id: page.id }) }), queryClient.invalidateQueries({ queryKey: trpc.plugins.list.queryKey() })]);
  const opts = { onSuccess: refresh };
  const enable = useMutation(trpc.plugins.enable.mutationOptions(opts));
  const disable = useMutation(trpc.plugins.disable.mutationOptions(opts));
  const upgrade = useMutation(trpc.plugins.upgrade.mutationOptions(opts));
  const rollback = useMutation(trpc.plugins.rollback.mutationOptions(opts));
  const uninstall = useMutation(trpc.plugins.uninstall.mutationOptions(opts));
  const all = [enable, disable, upgrade, rollback, uninstall];
  const busy = all.some((m) => m.isPending);
  const error = all.find((m) => m.error)?.error;
  const id = { id: page.id };
  const reset = () => all.forEach((m) => m.reset());

  return (
    <>
      <div className="row" style={{ marginBottom: "1rem" }}>
        {!page.installedVersion && (
          <button type="button" className="primary" onClick={() => router.push(`/marketplace/${encodeURIComponent(page.id)}/install`)}>Install</button>
        )}
        {page.installedVersion && page.enabled && (
          <button type="button" className="primary" onClick={() => router.push(`/marketplace/${encodeURIComponent(page.id)}/install`)}>Add a data source</button>
        )}
        {page.installedVersion && !page.enabled && <button type="button" disabled={busy} onClick={() => (reset(), enable.mutate(id))}>Enable</button>}
        {page.installedVersion && page.enabled && <button type="button" disabled={busy} onClick={() => (reset(), disable.mutate(id))}>Disable</button>}
        {page.updateAvailable && (
          <button type="button" disabled={busy} onClick={() => (reset(), upgrade.mutate({ id: page.id, version: page.updateAvailable! }))}>Upgrade to {page.updateAvailable}</button>
        )}
        {page.installedVersion && page.previousVersion && (
          <button type="button" disabled={busy} onClick={() => (reset(), rollback.mutate(id))}>Roll back to {page.previousVersion}</button>
        )}
        {page.installedVersion && <button type="button" disabled={busy} onClick={() => (reset(), uninstall.mutate(id))}>Uninstall</button>}
      </div>
      {error && <p className="error" role="alert">{error.message}</p>}
      {uninstall.isSuccess && <p role="status" className="muted">Uninstalled. Data it ingested stays.</p>}
    </>
  );
}

export function PluginView({ id }: { id: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.marketplace.page.queryOptions({ id }));
  const page = q.data;
  if (q.error) {
    return (
      <>
        <p><Link href="/marketplace">← Marketplace</Link></p>
        <p className="error" role="alert">{q.error.message}</p>
      </>
    );
  }
  if (!page) return <div className="panel skeleton" style={{ height: 300 }} />;

  return (
    <>
      <p><Link href="/marketplace">← Marketplace</Link></p>
      <div className="row">
        <h1>{page.icon && <span aria-hidden="true">{page.icon} </span>}{page.name}</h1>
        <PluginBadges p={page} />
      </div>
      <p>{page.description}</p>
      <dl className="panel" aria-label="Manifest" style={{ marginBottom: "1rem" }}>
        <dt className="muted">Id</dt><dd className="mono">{page.id}</dd>
        <dt className="muted">Publisher</dt><dd>{page.publisher}</dd>
        <dt className="muted">Homepage</dt><dd><Homepage href={page.homepage} /></dd>
        <dt className="muted">Category · kind</dt><dd>{categoryLabel(page.category)} · {page.kind}</dd>
        {page.health && (
          <>
            <dt className="muted">Last connection test</dt>
            <dd>{page.health.ok ? "ok" : "failed"} · {new Date(page.health.testedAt).toLocaleString()}</dd>
          </>
        )}
      </dl>
      <Actions page={page} />
      <Permissions page={page} />
      <h2>Versions</h2>
      <Versions page={page} />
      <h2>Data sources using it</h2>
      {page.sources.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul aria-label="Data sources using it">
          {page.sources.map((s) => <li key={s.id}><Link href={`/sources/${s.id}`}>{s.name}</Link></li>)}
        </ul>
      )}
    </>
  );
}
