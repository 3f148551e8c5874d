"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC, type RouterOutputs } from "~/trpc/react";
import { AlertsNav } from "../nav";

type PluginInfo = RouterOutputs["alertChannels"]["plugins"][number];
type Channel = RouterOutputs["alertChannels"]["list"][number];
type Field = { name: string; kind: "text" | "number" | "list" | "pem" };

/** The form's fields: the plugin example's config keys (typed by their example value) and hinted ones. */
function fieldsOf(p: PluginInfo): Field[] {
  const names = [...new Set([...Object.keys(p.example.config), ...Object.keys(p.hints)])].filter((n) => !p.example.secretFields.includes(n));
  return names.map((name) => {
    const v = p.example.config[name];
    return { name, kind: typeof v === "number" ? "number" : Array.isArray(v) ? "list" : name.toLowerCase().includes("pem") ? "pem" : "text" };
  });
}

/** A stored config as the form's text fields (lists comma-separated). */
function formValues(config: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v === null || v === undefined ? "" : String(v)]));
}

/**
 * Channels: admins make shared channels of any kind; an analyst makes personal e-mail channels,
 * which only ever mail the analyst (docs/alerts.md#who-may-do-what). Secrets are never shown.
 */
export function ChannelsView() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useQuery(trpc.system.me.queryOptions());
  const plugins = useQuery(trpc.alertChannels.plugins.queryOptions());
  const list = useQuery(trpc.alertChannels.list.queryOptions());
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.alertChannels.list.queryKey() });
  const create = useMutation(trpc.alertChannels.create.mutationOptions({ onSuccess: invalidate }));
  const update = useMutation(trpc.alertChannels.update.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.alertChannels.remove.mutationOptions({ onSuccess: invalidate }));
  const test = useMutation(trpc.alertChannels.test.mutationOptions());
  const isAdmin = me.data?.role === "admin";
  const [pluginId, setPluginId] = useState("");
  const [name, setName] = useState("");
  const [personal, setPersonal] = useState(true);
  const [values, setValues] = useState<Record<string, string>>({});
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  /** The channel the form edits; null: the form makes a new one. */
  const [editing, setEditing] = useState<Channel | null>(null);
  const plugin = plugins.data?.find((p) => p.id === pluginId) ?? plugins.data?.[0];
  const reset = () => { setEditing(null); setName(""); setValues({}); setSecrets({}); };
  const startEdit = (c: Channel) => {
    setEditing(c); setPluginId(c.plugin); setName(c.name); setPersonal(c.personal); setValues(formValues(c.config)); setSecrets({});
  };
  const submit = () => {
    if (!plugin) return;
    const config: Record<string, unknown> = {};
    for (const f of fieldsOf(plugin)) {
      const raw = (values[f.name] ?? "").trim();
      if (raw === "") continue;
      config[f.name] = f.kind === "number" ? Number(raw) : f.kind === "list" ? raw.split(",").map((s) => s.trim()).filter(Boolean) : raw;
    }
    const channel = { name, plugin: plugin.id, personal: isAdmin ? personal && plugin.personal : true, config, secrets };
    // Edit: a secret field left empty keeps the stored secret (the server never sends it back).
    if (editing) update.mutate({ id: editing.id, channel }, { onSuccess: reset });
    else create.mutate(channel, { onSuccess: reset });
  };
  const error = list.error ?? create.error ?? update.error ?? remove.error ?? test.error;
  return (
    <>
      <AlertsNav title="Alert channels" />
      <p className="muted">Admins make shared channels (e-mail, Slack, Teams, signed webhook) any rule may use. Analysts make personal e-mail channels that only ever mail themselves.</p>
      {error && <p className="error" role="alert">{error.message}</p>}
      <table aria-label="Channels">
        <thead><tr><th>Name</th><th>Kind</th><th>Who</th><th>Secrets</th><th /></tr></thead>
        <tbody>
          {list.data?.length === 0 && <tr><td colSpan={5} className="muted">No channel yet.</td></tr>}
          {list.data?.map((c) => (
            <tr key={c.id}>
              <td>{c.name}</td><td>{c.pluginName}</td><td>{c.personal ? (c.mine ? "personal (you)" : "personal") : "shared"}</td>
              <td className="small-text">{c.secretFields.length ? `${c.secretFields.join(", ")} set` : "none"}</td>
              <td className="row">
                {(isAdmin || c.mine) && <button type="button" className="small" onClick={() => test.mutate({ id: c.id })}>Test</button>}
                {(isAdmin || c.mine) && <button type="button" className="small" onClick={() => startEdit(c)} aria-label={`Edit channel ${c.name}`}>Edit</button>}
                {(isAdmin || c.mine) && <button type="button" className="small" onClick={() => remove.mutate({ id: c.id })} aria-label={`Delete channel ${c.name}`}>Delete</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {test.data && (
        <ul aria-label="Test result">{test.data.map((s) => <li key={s.step} className={s.ok ? "" : "error"}>{s.step}: {s.message}</li>)}</ul>
      )}
      <h2>{editing ? `Edit channel ${editing.name}` : "New channel"}</h2>
      {plugin && (
        <form className="panel form" aria-label={editing ? "Edit channel" : "New channel"} onSubmit={(e) => { e.preventDefault(); submit(); }}>
          <div className="row">
            <label>Kind
              <select value={plugin.id} disabled={editing !== null} onChange={(e) => { setPluginId(e.target.value); setValues({}); setSecrets({}); }}>
                {plugins.data?.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
              </select>
            </label>
            <label>Name<input required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} /></label>
            {isAdmin && plugin.personal && <label><input type="checkbox" checked={personal} onChange={(e) => setPersonal(e.target.checked)} /> personal (mails only me)</label>}
          </div>
          <div className="row">
            {fieldsOf(plugin)
              .filter((f) => !(f.name === "to" && (!isAdmin || personal)))
              .map((f) => (
                <label key={f.name}>{f.name}{plugin.hints[f.name] && <span className="muted small-text"> ({plugin.hints[f.name]})</span>}
                  {f.kind === "pem"
                    ? <textarea rows={3} value={values[f.name] ?? ""} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })} />
                    : <input name={f.name} inputMode={f.kind === "number" ? "numeric" : undefined} placeholder={String(plugin.example.config[f.name] ?? "")} value={values[f.name] ?? ""} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })} />}
                </label>
              ))}
            {plugin.example.secretFields.map((s) => (
              <label key={s}>{s}<input name={s} type="password" autoComplete="new-password" placeholder={editing?.secretFields.includes(s) ? "stored; leave empty to keep" : undefined} value={secrets[s] ?? ""} onChange={(e) => setSecrets({ ...secrets, [s]: e.target.value })} /></label>
            ))}
          </div>
          <div className="row">
            <button className="primary" type="submit" disabled={create.isPending || update.isPending}>{editing ? "Save channel" : "Create channel"}</button>
            {editing && <button type="button" onClick={reset}>Cancel</button>}
          </div>
        </form>
      )}
    </>
  );
}
