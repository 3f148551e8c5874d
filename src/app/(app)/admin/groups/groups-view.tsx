"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";
import { GrantsEditor } from "../_access/grants-editor";

const EMPTY = { name: "", description: "", oidcGroup: "" };

/** Groups: list, create, rename/describe/map to an identity-provider group, delete; members and grants. */
export function GroupsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.groups.list.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.groups.pathKey() });
  const create = useMutation(trpc.groups.create.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.groups.remove.mutationOptions({ onSuccess: invalidate }));
  const [form, setForm] = useState(EMPTY);
  const [selected, setSelected] = useState<string | null>(null);
  const error = create.error ?? remove.error ?? list.error;

  return (
    <>
      <h1>Groups</h1>
      <p className="muted">Grants given to a group apply to every member. Members come from here or from the identity provider&apos;s group claim at sign-in.</p>
      {error && <p className="error" role="alert">{error.message}</p>}
      <table aria-label="Groups">
        <thead><tr><th>Group</th><th>Description</th><th>Identity-provider group</th><th className="num">Members</th><th /></tr></thead>
        <tbody>
          {list.isPending && <tr><td colSpan={5}><div className="skeleton" /></td></tr>}
          {list.data?.map((g) => (
            <tr key={g.id} className={selected === g.id ? "selected" : ""}>
              <td><button type="button" className="link" aria-pressed={selected === g.id} onClick={() => setSelected(g.id)}>{g.name}</button></td>
              <td>{g.description}</td>
              <td>{g.oidcGroup ?? "–"}</td>
              <td className="num">{g.members}</td>
              <td>
                <button type="button" className="small" aria-label={`Delete group ${g.name}`} disabled={remove.isPending}
                  onClick={() => { if (window.confirm(`Delete the group ${g.name} and its grants?`)) remove.mutate({ id: g.id }, { onSuccess: () => setSelected(null) }); }}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data?.length === 0 && <p className="muted" role="status">No groups yet.</p>}

      {selected && <GroupDetail key={selected} id={selected} />}

      <h2>New group</h2>
      <form className="panel form" style={{ maxWidth: 480 }} aria-label="New group"
        onSubmit={(e) => { e.preventDefault(); create.mutate(form, { onSuccess: (g) => { setForm(EMPTY); setSelected(g.id); } }); }}>
        <label>Name<input required maxLength={120} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
        <label>Description<input maxLength={1000} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} /></label>
        <label>Identity-provider group claim value (optional)<input maxLength={300} value={form.oidcGroup} onChange={(e) => setForm({ ...form, oidcGroup: e.target.value })} /></label>
        <button className="primary" type="submit" disabled={create.isPending}>Create group</button>
      </form>
    </>
  );
}

function GroupDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const group = useQuery(trpc.groups.get.queryOptions({ id }));
  const users = useQuery(trpc.users.list.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.groups.pathKey() });
  const update = useMutation(trpc.groups.update.mutationOptions({ onSuccess: invalidate }));
  const addMember = useMutation(trpc.groups.addMember.mutationOptions({ onSuccess: invalidate }));
  const removeMember = useMutation(trpc.groups.removeMember.mutationOptions({ onSuccess: invalidate }));
  const [edit, setEdit] = useState<typeof EMPTY | null>(null);
  const [newMember, setNewMember] = useState("");
  const g = group.data;
  if (!g) return group.error ? <p className="error" role="alert">{group.error.message}</p> : <div className="skeleton" />;
  const form = edit ?? { name: g.name, description: g.description, oidcGroup: g.oidcGroup ?? "" };
  const error = update.error ?? addMember.error ?? removeMember.error;
  const candidates = (users.data ?? []).filter((u) => !g.members.some((m) => m.userId === u.id));

  return (
    <section className="panel" aria-label={`Group ${g.name}`}>
      <h2>{g.name}</h2>
      {error && <p className="error" role="alert">{error.message}</p>}
      <form className="row" aria-label={`Edit group ${g.name}`} onSubmit={(e) => { e.preventDefault(); update.mutate({ id, ...form }, { onSuccess: () => setEdit(null) }); }}>
        <label>Name<input required maxLength={120} value={form.name} onChange={(e) => setEdit({ ...form, name: e.target.value })} /></label>
        <label>Description<input maxLength={1000} value={form.description} onChange={(e) => setEdit({ ...form, description: e.target.value })} /></label>
        <label>Identity-provider group<input maxLength={300} value={form.oidcGroup} onChange={(e) => setEdit({ ...form, oidcGroup: e.target.value })} /></label>
        <button type="submit" disabled={update.isPending || !edit}>Save</button>
      </form>

      <h3>Members</h3>
      {g.members.length === 0 && <p className="muted">No members.</p>}
      <ul>
        {g.members.map((m) => (
          <li key={m.userId} className="row">
            {m.email} <span className="badge">{m.source}</span>
            <button type="button" className="small" aria-label={`Remove ${m.email} from ${g.name}`} onClick={() => removeMember.mutate({ groupId: id, userId: m.userId })}>Remove</button>
          </li>
        ))}
      </ul>
      <form className="row" aria-label={`Add a member to ${g.name}`} onSubmit={(e) => { e.preventDefault(); if (newMember) addMember.mutate({ groupId: id, userId: newMember }, { onSuccess: () => setNewMember("") }); }}>
        <select aria-label="User to add" value={newMember} onChange={(e) => setNewMember(e.target.value)}>
          <option value="">Choose a user…</option>
          {candidates.map((u) => <option key={u.id} value={u.id}>{u.email}</option>)}
        </select>
        <button type="submit" disabled={!newMember || addMember.isPending}>Add member</button>
      </form>

      <GrantsEditor subject={{ groupId: id }} label={`group ${g.name}`} />
    </section>
  );
}
