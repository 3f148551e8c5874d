"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC, type RouterInputs } from "~/trpc/react";
import { AlertsNav } from "../nav";

type RuleInput = RouterInputs["alertRules"]["create"];
type Kind = RuleInput["kind"];
type ParamField = { name: string; label: string; type: "number" | "text" | "select" | "budget"; options?: string[]; initial: string };

/** The parameters each kind asks for (the server checks them again with the kind's zod schema). */
const KINDS: Record<Kind, { label: string; fields: ParamField[] }> = {
  budget: { label: "Budget threshold", fields: [
    { name: "budgetId", label: "Budget", type: "budget", initial: "" },
    { name: "basis", label: "On", type: "select", options: ["actual", "forecast"], initial: "actual" },
    { name: "thresholdPct", label: "At or above (% of budget)", type: "number", initial: "80" },
  ] },
  anomaly: { label: "Cost anomaly", fields: [
    { name: "dimension", label: "Dimension", type: "text", initial: "ServiceName" },
    { name: "minSeverity", label: "Severity at least", type: "select", options: ["low", "medium", "high"], initial: "high" },
    { name: "days", label: "Last days with data", type: "number", initial: "7" },
    { name: "minDelta", label: "Ignore changes below", type: "number", initial: "10" },
  ] },
  run_failed: { label: "Ingestion run failed", fields: [{ name: "sourceId", label: "Source id (empty: any)", type: "text", initial: "" }] },
  data_late: { label: "Data late", fields: [
    { name: "sourceId", label: "Source id (empty: any scheduled)", type: "text", initial: "" },
    { name: "hours", label: "Hours after the schedule", type: "number", initial: "6" },
  ] },
  restatement: { label: "Restatement above an amount", fields: [
    { name: "sourceId", label: "Source id (empty: any)", type: "text", initial: "" },
    { name: "amount", label: "Restated billed cost above", type: "text", initial: "100" },
  ] },
  validation_failures: { label: "Validation failures above a count", fields: [
    { name: "sourceId", label: "Source id (empty: any)", type: "text", initial: "" },
    { name: "count", label: "Violations above", type: "number", initial: "0" },
  ] },
  service_unhealthy: { label: "Service unhealthy", fields: [{ name: "service", label: "Service (empty: any)", type: "select", options: ["", "clickhouse", "postgres", "temporal", "storage", "redis", "kafka"], initial: "" }] },
};

const initialParams = (k: Kind) => Object.fromEntries(KINDS[k].fields.map((f) => [f.name, f.initial]));

function toParams(kind: Kind, values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of KINDS[kind].fields) {
    const v = (values[f.name] ?? "").trim();
    if (v === "") continue;
    out[f.name] = f.type === "number" ? Number(v) : v;
  }
  return out;
}

/** Alert rules: personal or shared, evaluated with the owner's scope, with a preview of the current value. */
export function RulesView() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const rules = useQuery(trpc.alertRules.list.queryOptions());
  const channels = useQuery(trpc.alertChannels.list.queryOptions());
  const budgets = useQuery(trpc.budgets.list.queryOptions());
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.alertRules.list.queryKey() });
  const create = useMutation(trpc.alertRules.create.mutationOptions({ onSuccess: invalidate }));
  const update = useMutation(trpc.alertRules.update.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.alertRules.remove.mutationOptions({ onSuccess: invalidate }));
  const [editing, setEditing] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [kind, setKind] = useState<Kind>("budget");
  const [values, setValues] = useState<Record<string, string>>(initialParams("budget"));
  const [shared, setShared] = useState(false);
  const [channelIds, setChannelIds] = useState<string[]>([]);
  // Kept through an edit: saving a rule that is off must not turn it back on.
  const [enabled, setEnabled] = useState(true);
  const [previewOf, setPreviewOf] = useState<RuleInput | null>(null);
  const preview = useQuery({ ...trpc.alertRules.preview.queryOptions(previewOf as RuleInput), enabled: previewOf !== null, retry: false });
  const input = (): RuleInput => ({ name: name || "preview", kind, params: toParams(kind, values), shared, channelIds, enabled } as RuleInput);
  const reset = () => { setEditing(null); setName(""); setKind("budget"); setValues(initialParams("budget")); setShared(false); setChannelIds([]); setEnabled(true); setPreviewOf(null); };
  const submit = () => (editing ? update.mutate({ id: editing, rule: input() }, { onSuccess: reset }) : create.mutate(input(), { onSuccess: reset }));
  const error = rules.error ?? create.error ?? update.error ?? remove.error;
  return (
    <>
      <AlertsNav title="Alert rules" />
      {error && <p className="error" role="alert">{error.message}</p>}
      <table aria-label="Rules">
        <thead><tr><th>Rule</th><th>Kind</th><th>Parameters</th><th>Channels</th><th>Who</th><th /></tr></thead>
        <tbody>
          {rules.data?.length === 0 && <tr><td colSpan={6} className="muted">No rule yet.</td></tr>}
          {rules.data?.map((r) => (
            <tr key={r.id}>
              <td>{r.name}{!r.enabled && <span className="muted"> (off)</span>}</td>
              <td>{KINDS[r.kind].label}</td>
              <td className="small-text">{Object.entries(r.params).map(([k, v]) => `${k}=${String(v)}`).join(", ")}</td>
              <td className="small-text">{r.channelIds.map((id) => channels.data?.find((c) => c.id === id)?.name ?? "—").join(", ") || "none"}</td>
              <td>{r.shared ? "shared" : "personal"}{r.mine ? " (yours)" : ""}</td>
              <td className="row">
                {r.canEdit && <button type="button" className="small" onClick={() => { setEditing(r.id); setName(r.name); setKind(r.kind); setValues(Object.fromEntries(Object.entries(r.params).map(([k, v]) => [k, String(v)]))); setShared(r.shared); setChannelIds(r.channelIds); setEnabled(r.enabled); }}>Edit</button>}
                {r.canEdit && (
                  <button type="button" className="small" aria-pressed={r.enabled} aria-label={`${r.enabled ? "Turn off" : "Turn on"} rule ${r.name}`} disabled={update.isPending}
                    onClick={() => update.mutate({ id: r.id, rule: { name: r.name, kind: r.kind, params: r.params, shared: r.shared, channelIds: r.channelIds, enabled: !r.enabled } as RuleInput })}>
                    {r.enabled ? "Turn off" : "Turn on"}
                  </button>
                )}
                {r.canEdit && <button type="button" className="small" onClick={() => remove.mutate({ id: r.id })} aria-label={`Delete rule ${r.name}`}>Delete</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{editing ? `Edit rule ${name}` : "New rule"}</h2>
      <form className="panel form" aria-label={editing ? "Edit rule" : "New rule"} onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <div className="row">
          <label>Name<input required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} /></label>
          <label>Kind
            <select value={kind} onChange={(e) => { const k = e.target.value as Kind; setKind(k); setValues(initialParams(k)); setPreviewOf(null); }}>
              {(Object.keys(KINDS) as Kind[]).map((k) => <option key={k} value={k}>{KINDS[k].label}</option>)}
            </select>
          </label>
          {KINDS[kind].fields.map((f) => (
            <label key={f.name}>{f.label}
              {f.type === "budget" ? (
                <select required value={values[f.name] ?? ""} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}>
                  <option value="">choose a budget</option>
                  {budgets.data?.map((b) => <option key={b.budget.id} value={b.budget.id}>{b.budget.name}</option>)}
                </select>
              ) : f.type === "select" ? (
                <select value={values[f.name] ?? f.initial} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}>
                  {f.options!.map((o) => <option key={o} value={o}>{o === "" ? "any" : o}</option>)}
                </select>
              ) : (
                <input name={f.name} inputMode={f.type === "number" ? "decimal" : undefined} value={values[f.name] ?? ""} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })} />
              )}
            </label>
          ))}
          <label><input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} /> shared (listed to every analyst)</label>
        </div>
        <fieldset>
          <legend>Channels</legend>
          {channels.data?.length === 0 && <span className="muted">No channel yet: make one on the Channels page.</span>}
          {channels.data?.filter((c) => !c.personal || c.mine).map((c) => (
            <label key={c.id}><input type="checkbox" checked={channelIds.includes(c.id)} onChange={(e) => setChannelIds(e.target.checked ? [...channelIds, c.id] : channelIds.filter((x) => x !== c.id))} /> {c.name}</label>
          ))}
        </fieldset>
        <div className="row">
          <button type="button" onClick={() => setPreviewOf(input())}>Preview current value</button>
          <button className="primary" type="submit" disabled={create.isPending || update.isPending}>{editing ? "Save rule" : "Create rule"}</button>
          {editing && <button type="button" onClick={reset}>Cancel</button>}
        </div>
        {previewOf && (
          <section aria-label="Preview">
            {preview.isFetching && <div className="skeleton" />}
            {preview.error && <p className="error" role="alert">{preview.error.message}</p>}
            {preview.data?.current && <p>{preview.data.current.map((n) => `${n.label}: ${n.value}`).join(" · ")}</p>}
            {preview.data && (preview.data.firing.length === 0 ? <p className="muted">Would not fire now.</p> : (
              <ul>{preview.data.firing.map((f) => <li key={`${f.title}${f.period}`}>Would fire: {f.title}</li>)}</ul>
            ))}
          </section>
        )}
      </form>
    </>
  );
}
