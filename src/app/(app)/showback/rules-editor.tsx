"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";
import { ErrorBlock } from "../_dashboard/states";

type PoolKind = "subscription" | "service" | "untagged";
type Form = { id?: string; name: string; effectiveFrom: string; poolKind: PoolKind; poolValue: string; method: "fixed" | "proportional"; shares: string };
const empty = (month: string): Form => ({ name: "", effectiveFrom: month, poolKind: "untagged", poolValue: "", method: "proportional", shares: "" });

/** "alpha=60, beta=40" → shares. */
const parseShares = (text: string) =>
  text.split(",").map((s) => s.trim()).filter(Boolean).map((s) => {
    const [team, percent] = s.split("=").map((x) => x.trim());
    return { team: team ?? "", percent: percent ?? "" };
  });

/** The rules and their versions; analysts with all-data access add rules and new versions. */
export function RulesEditor({ canEdit, defaultMonth }: { canEdit: boolean; defaultMonth: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const rules = useQuery(trpc.allocation.rules.queryOptions());
  const refresh = () => qc.invalidateQueries();
  const create = useMutation(trpc.allocation.createRule.mutationOptions({ onSuccess: refresh }));
  const update = useMutation(trpc.allocation.updateRule.mutationOptions({ onSuccess: refresh }));
  const [form, setForm] = useState<Form>(() => empty(defaultMonth));
  const definition = () => ({
    pool: form.poolKind === "untagged" ? { kind: "untagged" as const } : { kind: form.poolKind, value: form.poolValue.trim() },
    method: form.method,
    shares: form.method === "fixed" ? parseShares(form.shares) : [],
  });
  const submit = () => {
    const effectiveFrom = `${form.effectiveFrom.slice(0, 7)}-01`;
    if (form.id) update.mutate({ id: form.id, effectiveFrom, definition: definition() }, { onSuccess: () => setForm(empty(defaultMonth)) });
    else create.mutate({ name: form.name.trim(), effectiveFrom, definition: definition() }, { onSuccess: () => setForm(empty(defaultMonth)) });
  };
  return (
    <section aria-label="Allocation rules" role="region">
      <h2>Allocation rules</h2>
      <ErrorBlock error={rules.error ?? create.error ?? update.error} what="allocation rules" />
      <table>
        <thead><tr><th>Rule</th><th>Version</th><th>From</th><th>Pool</th><th>Split</th>{canEdit && <th />}</tr></thead>
        <tbody>
          {(rules.data ?? []).flatMap((r) =>
            r.versions.map((v, i) => (
              <tr key={`${r.id}|${v.version}`}>
                <td>{i === 0 ? r.name : ""}</td>
                <td>v{v.version}</td>
                <td>{v.effectiveFrom.slice(0, 7)}</td>
                <td>{v.retired ? "retired" : v.pool}</td>
                <td>{v.definition ? (v.definition.method === "fixed" ? v.definition.shares.map((s) => `${s.team} ${s.percent}%`).join(", ") : "by direct cost") : ""}</td>
                {canEdit && (
                  <td>
                    {i === r.versions.length - 1 && v.definition && (
                      <>
                        <button type="button" className="small" onClick={() => setForm({ id: r.id, name: r.name, effectiveFrom: defaultMonth, poolKind: v.definition!.pool.kind === "filter" ? "untagged" : v.definition!.pool.kind, poolValue: "value" in v.definition!.pool ? v.definition!.pool.value : "", method: v.definition!.method, shares: v.definition!.shares.map((s) => `${s.team}=${s.percent}`).join(", ") })}>New version</button>
                        <button type="button" className="small" onClick={() => update.mutate({ id: r.id, effectiveFrom: defaultMonth, definition: null })}>Retire from {defaultMonth.slice(0, 7)}</button>
                      </>
                    )}
                  </td>
                )}
              </tr>
            )),
          )}
        </tbody>
      </table>
      {canEdit && (
        <form className="stack" onSubmit={(e) => { e.preventDefault(); submit(); }} aria-label="Allocation rule">
          <h3>{form.id ? `New version of ${form.name}` : "New rule"}</h3>
          {!form.id && <label>Name <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required /></label>}
          <label>Effective from <input type="month" value={form.effectiveFrom.slice(0, 7)} onChange={(e) => setForm({ ...form, effectiveFrom: `${e.target.value}-01` })} required /></label>
          <label>Shared cost
            <select value={form.poolKind} onChange={(e) => setForm({ ...form, poolKind: e.target.value as PoolKind })}>
              <option value="untagged">untagged spend</option>
              <option value="subscription">a subscription (SubAccountId)</option>
              <option value="service">a service (ServiceName)</option>
            </select>
          </label>
          {form.poolKind !== "untagged" && <label>Value <input value={form.poolValue} onChange={(e) => setForm({ ...form, poolValue: e.target.value })} required /></label>}
          <label>Split
            <select value={form.method} onChange={(e) => setForm({ ...form, method: e.target.value as Form["method"] })}>
              <option value="proportional">in proportion to each team&apos;s direct cost</option>
              <option value="fixed">fixed percentages</option>
            </select>
          </label>
          {form.method === "fixed" && <label>Percentages (team=percent, …; sum 100) <input value={form.shares} placeholder="alpha=60, beta=40" onChange={(e) => setForm({ ...form, shares: e.target.value })} required /></label>}
          <div className="row">
            <button type="submit" disabled={create.isPending || update.isPending}>{form.id ? "Save version" : "Create rule"}</button>
            {form.id && <button type="button" onClick={() => setForm(empty(defaultMonth))}>Cancel</button>}
          </div>
        </form>
      )}
    </section>
  );
}
