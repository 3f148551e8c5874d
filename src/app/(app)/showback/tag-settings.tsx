"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";
import { ErrorBlock } from "../_dashboard/states";

/** Admins: the team tag key and the aliases that read as one tag key (docs/allocation.md). */
export function TagSettings({ isAdmin }: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const settings = useQuery(trpc.allocation.settings.queryOptions());
  const refresh = () => qc.invalidateQueries();
  const setAliases = useMutation(trpc.allocation.setTagAliases.mutationOptions({ onSuccess: refresh }));
  const setTeamKey = useMutation(trpc.allocation.setTeamKey.mutationOptions({ onSuccess: refresh }));
  const [key, setKey] = useState("");
  const [aliases, setAliasText] = useState("");
  const [team, setTeam] = useState("");
  const grouped = new Map<string, string[]>();
  for (const a of settings.data?.aliases ?? []) grouped.set(a.key, [...(grouped.get(a.key) ?? []), a.alias]);
  return (
    <section aria-label="Tag keys" role="region">
      <h2>Tag keys</h2>
      <ErrorBlock error={settings.error ?? setAliases.error ?? setTeamKey.error} what="tag settings" />
      <p>Team tag key: <strong>{settings.data?.teamKey ?? "…"}</strong></p>
      <table aria-label="Tag key aliases">
        <thead><tr><th>Key</th><th>Also read as this key</th></tr></thead>
        <tbody>
          {[...grouped.entries()].map(([k, list]) => (
            <tr key={k}><td>{k}</td><td>{list.join(", ")} (and any capitalisation)</td></tr>
          ))}
        </tbody>
      </table>
      {isAdmin && (
        <>
          <form className="row" aria-label="Tag key aliases form" onSubmit={(e) => { e.preventDefault(); setAliases.mutate({ key: key.trim(), aliases: aliases.split(",").map((a) => a.trim()).filter(Boolean) }); }}>
            <label>Key <input value={key} onChange={(e) => setKey(e.target.value)} placeholder="CostCenter" required /></label>
            <label>Aliases <input value={aliases} onChange={(e) => setAliasText(e.target.value)} placeholder="cost-center, CostCentre" /></label>
            <button type="submit" disabled={setAliases.isPending}>Save aliases</button>
          </form>
          <form className="row" aria-label="Team tag key form" onSubmit={(e) => { e.preventDefault(); setTeamKey.mutate({ key: team.trim() }); }}>
            <label>Team tag key <input value={team} onChange={(e) => setTeam(e.target.value)} placeholder="CostCenter" required /></label>
            <button type="submit" disabled={setTeamKey.isPending}>Set team key</button>
          </form>
        </>
      )}
    </section>
  );
}
