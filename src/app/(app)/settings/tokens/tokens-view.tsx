"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";

const when = (d: Date | string | null) => (d ? new Date(d).toLocaleString() : "—");

/** Personal API tokens: the secret is shown once, right after creation; only its prefix afterwards. */
export function TokensView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.tokens.list.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
  const create = useMutation(trpc.tokens.create.mutationOptions({ onSuccess: invalidate }));
  const revoke = useMutation(trpc.tokens.revoke.mutationOptions({ onSuccess: invalidate }));
  const [name, setName] = useState("");
  const [expires, setExpires] = useState("");

  return (
    <>
      <h1>API tokens</h1>
      <p className="muted">
        A token lets a script or the CLI call ABI as you, with your current role and data access. Send it as{" "}
        <code>Authorization: Bearer abi_…</code>; see docs/api.md.
      </p>
      <form
        className="panel form"
        style={{ maxWidth: 420 }}
        aria-label="New API token"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ name, expiresAt: expires ? new Date(`${expires}T23:59:59`) : undefined }, { onSuccess: () => setName("") });
        }}
      >
        <label>Name<input required maxLength={80} value={name} onChange={(e) => setName(e.target.value)} /></label>
        <label>Expires (optional)<input type="date" value={expires} onChange={(e) => setExpires(e.target.value)} /></label>
        {create.error && <p className="error" role="alert">{create.error.message}</p>}
        <button className="primary" type="submit" disabled={create.isPending}>Create token</button>
      </form>
      {create.data && (
        <div className="panel" role="status">
          <p>Copy the token now; ABI shows it only once.</p>
          <code data-testid="new-token" style={{ userSelect: "all", wordBreak: "break-all" }}>{create.data.token}</code>
        </div>
      )}
      {(revoke.error ?? list.error) && <p className="error" role="alert">{(revoke.error ?? list.error)?.message}</p>}
      <table aria-label="API tokens">
        <thead>
          <tr><th>Name</th><th>Token</th><th>Created</th><th>Last used</th><th>Expires</th><th /></tr>
        </thead>
        <tbody>
          {list.isPending && <tr><td colSpan={6}><div className="skeleton" /></td></tr>}
          {list.data?.length === 0 && <tr><td colSpan={6} className="muted">No tokens yet.</td></tr>}
          {list.data?.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td><code>{t.prefix}…</code></td>
              <td>{when(t.createdAt)}</td>
              <td>{when(t.lastUsedAt)}</td>
              <td>{when(t.expiresAt)}</td>
              <td>
                {t.revokedAt ? (
                  <span className="muted">revoked {when(t.revokedAt)}</span>
                ) : (
                  <button type="button" disabled={revoke.isPending} onClick={() => revoke.mutate({ id: t.id })}>Revoke</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
