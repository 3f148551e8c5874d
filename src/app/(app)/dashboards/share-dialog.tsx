"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { ShareInput } from "~/domain/dashboards/model";
import type { ShareView } from "~/domain/dashboards/store";
import { useTRPC } from "~/trpc/react";
import { ErrorBlock } from "../_dashboard/states";

const toInput = (s: ShareView): ShareInput =>
  s.kind === "user" ? { kind: "user", email: s.email ?? "", permission: s.permission }
  : s.kind === "group" ? { kind: "group", groupId: s.groupId ?? "", permission: s.permission }
  : { kind: "role", role: (s.role ?? "viewer") as "viewer", permission: s.permission };

const describe = (s: ShareInput, groups: { id: string; name: string }[]) =>
  s.kind === "user" ? s.email : s.kind === "group" ? `group ${groups.find((g) => g.id === s.groupId)?.name ?? "?"}` : `everyone with role ${s.role} or higher`;

/** Owner only: share with users (by email), groups or roles, to view or to edit. */
export function ShareDialog({ id, shares, onClose }: { id: string; shares: ShareView[]; onClose: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const groups = useQuery(trpc.dashboards.shareGroups.queryOptions());
  const [list, setList] = useState<ShareInput[]>(shares.map(toInput));
  const [kind, setKind] = useState<"user" | "group" | "role">("user");
  const [who, setWho] = useState("");
  const [permission, setPermission] = useState<"view" | "edit">("view");
  const save = useMutation(trpc.dashboards.setShares.mutationOptions({
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: trpc.dashboards.get.queryKey({ id }) });
      onClose();
    },
  }));
  const add = () => {
    if (!who) return;
    const s: ShareInput = kind === "user" ? { kind, email: who.trim(), permission } : kind === "group" ? { kind, groupId: who, permission } : { kind, role: who as "viewer", permission };
    setList([...list, s]);
    setWho("");
  };
  return (
    <section className="panel dialog" role="dialog" aria-label="Share dashboard">
      <h2>Share</h2>
      <p className="muted">Everyone sees the widgets with their own billing scope: sharing never shows data they could not see anyway.</p>
      <ul aria-label="Shared with">
        {list.map((s, i) => (
          <li key={i}>
            {describe(s, groups.data ?? [])}: {s.permission === "edit" ? "can edit" : "can view"}{" "}
            <button type="button" className="small" aria-label={`Stop sharing with ${describe(s, groups.data ?? [])}`} onClick={() => setList(list.filter((_, j) => j !== i))}>Remove</button>
          </li>
        ))}
        {list.length === 0 && <li className="muted">Only you</li>}
      </ul>
      <div className="row" role="group" aria-label="Add a share">
        <label className="inline">
          With
          <select value={kind} onChange={(e) => { setKind(e.target.value as typeof kind); setWho(""); }}>
            <option value="user">a user</option>
            <option value="group">a group</option>
            <option value="role">a role</option>
          </select>
        </label>
        {kind === "user" && (
          <label className="inline">Email<input type="email" value={who} onChange={(e) => setWho(e.target.value)} /></label>
        )}
        {kind === "group" && (
          <label className="inline">
            Group
            <select value={who} onChange={(e) => setWho(e.target.value)}>
              <option value="">pick a group</option>
              {groups.data?.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
            </select>
          </label>
        )}
        {kind === "role" && (
          <label className="inline">
            Role
            <select value={who} onChange={(e) => setWho(e.target.value)}>
              <option value="">pick a role</option>
              <option value="viewer">viewer (everyone)</option>
              <option value="analyst">analyst</option>
              <option value="admin">admin</option>
            </select>
          </label>
        )}
        <label className="inline">
          Access
          <select value={permission} onChange={(e) => setPermission(e.target.value as "view" | "edit")}>
            <option value="view">can view</option>
            <option value="edit">can edit</option>
          </select>
        </label>
        <button type="button" className="small" onClick={add} disabled={!who}>Add</button>
      </div>
      <ErrorBlock error={save.error} what="sharing" />
      <div className="row">
        <button type="button" disabled={save.isPending} onClick={() => save.mutate({ id, shares: list })}>Save sharing</button>
        <button type="button" className="link" onClick={onClose}>Cancel</button>
      </div>
    </section>
  );
}
