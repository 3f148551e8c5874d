"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";

const ROLES = ["viewer", "analyst", "admin"] as const;
const KINDS = [
  { kind: "billing_account", label: "Billing account" },
  { kind: "sub_account", label: "Sub account (subscription)" },
  { kind: "resource_group", label: "Resource group" },
  { kind: "tag", label: "Tag key = value" },
  { kind: "all", label: "All billing data" },
] as const;
type Kind = (typeof KINDS)[number]["kind"];
type Subject = { userId: string } | { groupId: string };

/**
 * A user's or a group's grants: list, remove, add (role + scope). Scope values are offered from
 * the data (bounded lists) but any typed value is accepted.
 */
export function GrantsEditor({ subject, label }: { subject: Subject; label: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.grants.list.queryOptions(subject));
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.grants.list.queryKey(subject) });
  const create = useMutation(trpc.grants.create.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.grants.remove.mutationOptions({ onSuccess: invalidate }));
  const [form, setForm] = useState({ role: "viewer" as (typeof ROLES)[number], scopeKind: "sub_account" as Kind, tagKey: "", scopeValue: "" });
  const pickerKind = form.scopeKind === "all" ? undefined : form.scopeKind;
  const values = useQuery({
    ...trpc.grants.scopeValues.queryOptions({ kind: pickerKind ?? "billing_account", tagKey: form.tagKey || undefined }),
    enabled: pickerKind !== undefined && (pickerKind !== "tag" || form.tagKey !== ""),
  });
  const tagKeys = useQuery({ ...trpc.grants.scopeValues.queryOptions({ kind: "tag_key" }), enabled: form.scopeKind === "tag" });
  const listId = `scope-values-${"userId" in subject ? subject.userId : subject.groupId}`;
  const error = create.error ?? remove.error ?? list.error;

  return (
    <section aria-label={`Grants of ${label}`}>
      <h3>Grants of {label}</h3>
      {error && <p className="error" role="alert">{error.message}</p>}
      {list.data && list.data.length === 0 && <p className="muted">No grants.</p>}
      {list.data && list.data.length > 0 && (
        <table aria-label={`Grants of ${label}`}>
          <thead><tr><th>Role</th><th>Scope</th><th>Since</th><th /></tr></thead>
          <tbody>
            {list.data.map((g) => (
              <tr key={g.id}>
                <td>{g.role}</td>
                <td>{g.scope}</td>
                <td>{new Date(g.createdAt).toLocaleDateString()}</td>
                <td><button type="button" className="small" disabled={remove.isPending} onClick={() => remove.mutate({ id: g.id })} aria-label={`Remove grant ${g.role} on ${g.scope}`}>Remove</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="row"
        aria-label={`Add a grant to ${label}`}
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(
            { ...subject, role: form.role, scopeKind: form.scopeKind, scopeValue: form.scopeValue, tagKey: form.scopeKind === "tag" ? form.tagKey : undefined } as Parameters<typeof create.mutate>[0],
            { onSuccess: () => setForm({ ...form, scopeValue: "" }) },
          );
        }}
      >
        <label>Role
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as (typeof ROLES)[number] })}>
            {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
        </label>
        <label>Scope
          <select value={form.scopeKind} onChange={(e) => setForm({ ...form, scopeKind: e.target.value as Kind, scopeValue: "" })}>
            {KINDS.map((k) => <option key={k.kind} value={k.kind}>{k.label}</option>)}
          </select>
        </label>
        {form.scopeKind === "tag" && (
          <label>Tag key
            <input list={`${listId}-keys`} required value={form.tagKey} maxLength={256} onChange={(e) => setForm({ ...form, tagKey: e.target.value })} />
            <datalist id={`${listId}-keys`}>{tagKeys.data?.map((k) => <option key={k.value} value={k.value} />)}</datalist>
          </label>
        )}
        {form.scopeKind !== "all" && (
          <label>Value
            <input list={listId} required value={form.scopeValue} maxLength={1000} onChange={(e) => setForm({ ...form, scopeValue: e.target.value })} />
            <datalist id={listId}>{values.data?.map((v) => <option key={v.value} value={v.value}>{v.label}</option>)}</datalist>
          </label>
        )}
        <button className="primary" type="submit" disabled={create.isPending}>Add grant</button>
      </form>
    </section>
  );
}
