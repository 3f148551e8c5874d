"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";
import { GrantsEditor } from "../_access/grants-editor";

const ROLES = ["admin", "analyst", "viewer"] as const;

export function UsersView({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.users.list.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const create = useMutation(trpc.users.create.mutationOptions({ onSuccess: invalidate }));
  const update = useMutation(trpc.users.update.mutationOptions({ onSuccess: invalidate }));
  const setDataAccess = useMutation(trpc.grants.setDataAccess.mutationOptions({ onSuccess: invalidate }));
  const endSessions = useMutation(trpc.users.endSessions.mutationOptions());
  const [form, setForm] = useState({ email: "", name: "", role: "viewer" as (typeof ROLES)[number], password: "" });
  const [grantsOf, setGrantsOf] = useState<string | null>(null);
  const shown = list.data?.find((u) => u.id === grantsOf);

  return (
    <>
      <h1>Users</h1>
      {(update.error ?? setDataAccess.error ?? endSessions.error ?? list.error) && (
        <p className="error" role="alert">{(update.error ?? setDataAccess.error ?? endSessions.error ?? list.error)?.message}</p>
      )}
      {endSessions.data && <p role="status">Signed {endSessions.data.email} out everywhere and revoked their API tokens.</p>}
      <table aria-label="Users">
        <thead>
          <tr><th>E-mail</th><th>Name</th><th>Role</th><th>Billing data</th><th>Last sign-in</th><th>Status</th></tr>
        </thead>
        <tbody>
          {list.isPending && <tr><td colSpan={6}><div className="skeleton" /></td></tr>}
          {list.data?.map((u) => (
            <tr key={u.id}>
              <td>{u.email}</td>
              <td>{u.name}</td>
              <td>
                <select
                  aria-label={`Role of ${u.email}`}
                  value={u.role}
                  disabled={u.id === currentUserId || update.isPending}
                  onChange={(e) => update.mutate({ id: u.id, role: e.target.value as (typeof ROLES)[number] })}
                >
                  {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
                </select>
              </td>
              <td>
                <select
                  aria-label={`Billing data of ${u.email}`}
                  value={u.dataAccess}
                  disabled={u.role === "admin" || setDataAccess.isPending}
                  title={u.role === "admin" ? "Administrators always see all billing data" : undefined}
                  onChange={(e) => setDataAccess.mutate({ userId: u.id, dataAccess: e.target.value as "all" | "granted" })}
                >
                  <option value="all">all</option>
                  <option value="granted">only granted scopes</option>
                </select>{" "}
                <button type="button" className="small" aria-pressed={grantsOf === u.id} onClick={() => setGrantsOf(grantsOf === u.id ? null : u.id)}>Grants</button>
              </td>
              <td>{u.lastSignInAt ? new Date(u.lastSignInAt).toLocaleString() : "never"}</td>
              <td>
                <button type="button" disabled={u.id === currentUserId || update.isPending} onClick={() => update.mutate({ id: u.id, disabled: !u.disabled })}>
                  {u.disabled ? "Enable" : "Disable"}
                </button>{" "}
                <button type="button" title="Every current session of this user stops working and their API tokens are revoked" disabled={u.id === currentUserId || endSessions.isPending} onClick={() => endSessions.mutate({ id: u.id })}>
                  End sessions
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown && <div className="panel"><GrantsEditor key={shown.id} subject={{ userId: shown.id }} label={shown.email} /></div>}

      <h2>Add a user</h2>
      <form
        className="panel form"
        style={{ maxWidth: 420 }}
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(form, { onSuccess: () => setForm({ email: "", name: "", role: "viewer", password: "" }) });
        }}
      >
        <label>E-mail<input type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} /></label>
        <label>Name<input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
        <label>
          Role
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as (typeof ROLES)[number] })}>
            {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
        </label>
        <label>Initial password<input type="password" required minLength={10} value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} /></label>
        {create.error && <p className="error" role="alert">{create.error.message}</p>}
        <button className="primary" type="submit" disabled={create.isPending}>Add user</button>
      </form>
    </>
  );
}
