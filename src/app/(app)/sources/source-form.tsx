"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "~/trpc/react";
import { fieldVisible, formToSettings, settingsToForm, type FormField, type FormValues, type PluginForm } from "~/domain/sources/plugin-form-values";

function defaults(form: PluginForm): FormValues {
  return settingsToForm(form, {});
}

/** One generated form field (also used by the marketplace install wizard). */
export function Field({ f, values, setValue, secretSet }: { f: FormField; values: FormValues; setValue: (k: string, v: FormValues[string]) => void; secretSet: boolean }) {
  const v = values[f.key];
  const hint = f.hint && <span className="small-text">{f.hint}</span>;
  switch (f.kind) {
    case "boolean":
      return (
        <label className="inline">
          <input type="checkbox" checked={v === true} onChange={(e) => setValue(f.key, e.target.checked)} />
          {f.label}
          {hint}
        </label>
      );
    case "choice":
      return (
        <label>
          {f.label}
          <select value={String(v ?? "")} onChange={(e) => setValue(f.key, e.target.value)}>
            {f.options?.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </select>
          {hint}
        </label>
      );
    case "multi": {
      const chosen = Array.isArray(v) ? v : [];
      return (
        <fieldset className="plain">
          <legend className="muted">{f.label}</legend>
          {f.options?.map((o) => (
            <label key={o.value} className="inline">
              <input
                type="checkbox"
                checked={chosen.includes(o.value)}
                onChange={(e) => setValue(f.key, e.target.checked ? [...chosen, o.value] : chosen.filter((c) => c !== o.value))}
              />
              {o.label}
            </label>
          ))}
          {hint}
        </fieldset>
      );
    }
    case "secret":
      return (
        <label>
          {f.label}
          <input
            type="password"
            autoComplete="new-password"
            required={f.required && !secretSet}
            placeholder={secretSet ? "••• set (leave empty to keep)" : ""}
            value={String(v ?? "")}
            onChange={(e) => setValue(f.key, e.target.value)}
          />
        </label>
      );
    default:
      return (
        <label>
          {f.label}
          <input type={f.kind === "url" ? "url" : "text"} required={f.required} value={String(v ?? "")} onChange={(e) => setValue(f.key, e.target.value)} />
          {hint}
        </label>
      );
  }
}

export type Schedule = { enabled: boolean; hour: number };

/** A pulling source's daily schedule: on/off and the hour (UTC) (also used by the marketplace install wizard). */
export function ScheduleFields({ schedule, setSchedule }: { schedule: Schedule; setSchedule: (s: Schedule) => void }) {
  return (
    <div className="row">
      <label className="inline">
        <input type="checkbox" checked={schedule.enabled} onChange={(e) => setSchedule({ ...schedule, enabled: e.target.checked })} />
        Pull daily
      </label>
      <label className="inline">
        at
        <select aria-label="Hour (UTC)" value={schedule.hour} disabled={!schedule.enabled} onChange={(e) => setSchedule({ ...schedule, hour: Number(e.target.value) })}>
          {Array.from({ length: 24 }, (_, h) => <option key={h} value={h}>{String(h).padStart(2, "0")}:00</option>)}
        </select>
        UTC
      </label>
    </div>
  );
}

/** Create (no sourceId) or edit a data source; the fields come from the plugin's schemas. */
export function SourceForm({ sourceId, initialPlugin }: { sourceId?: string; initialPlugin?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const forms = useQuery(trpc.sources.plugins.queryOptions());
  const existing = useQuery({ ...trpc.sources.get.queryOptions({ id: sourceId ?? "" }), enabled: Boolean(sourceId) });
  const [picked, setPlugin] = useState<string>(initialPlugin ?? "");
  // Until one is picked: the first plugin that pulls its data (the registry's order).
  const plugin = picked || (forms.data?.find((f) => f.pullsMonths)?.id ?? "");
  const [name, setName] = useState("");
  const [values, setValues] = useState<FormValues>({});
  const [schedule, setSchedule] = useState<Schedule>({ enabled: false, hour: 3 });
  const [loadedFor, setLoadedFor] = useState<string | null>(null);
  const form = forms.data?.find((f) => f.id === (existing.data?.plugin ?? plugin));

  useEffect(() => {
    if (!form) return;
    const key = `${form.id}:${existing.data?.id ?? "new"}`;
    if (loadedFor === key) return;
    if (existing.data) {
      setName(existing.data.name);
      setValues(settingsToForm(form, existing.data.config));
      setSchedule({ enabled: existing.data.scheduleEnabled, hour: existing.data.scheduleHourUtc });
    } else {
      setValues(defaults(form));
    }
    setLoadedFor(key);
  }, [form, existing.data, loadedFor]);

  const done = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.sources.list.queryKey() });
    router.push("/sources");
  };
  const create = useMutation(trpc.sources.create.mutationOptions({ onSuccess: done }));
  const update = useMutation(trpc.sources.update.mutationOptions({ onSuccess: done }));
  const test = useMutation(trpc.sources.testConnection.mutationOptions());
  const save = sourceId ? update : create;

  if (forms.error ?? existing.error) return <p className="error" role="alert">{(forms.error ?? existing.error)?.message}</p>;
  if (!form || (sourceId && !existing.data)) return <div className="panel skeleton" style={{ height: 300 }} />;

  const setValue = (k: string, v: FormValues[string]) => setValues((prev) => ({ ...prev, [k]: v }));
  const settings = () => formToSettings(form, values);
  // A plugin that only takes uploads has nothing to connect to.
  const canTest = form.pullsMonths;

  return (
    <>
      <p><Link href="/sources">← Data sources</Link></p>
      <h1>{sourceId ? `Edit ${existing.data?.name}` : "Add a data source"}</h1>
      <form
        className="panel form"
        style={{ maxWidth: 560 }}
        aria-label="Data source"
        onSubmit={(e) => {
          e.preventDefault();
          const { config, secrets } = settings();
          const scheduleFields = form.pullsMonths ? { scheduleEnabled: schedule.enabled, scheduleHourUtc: schedule.hour } : {};
          if (sourceId) update.mutate({ id: sourceId, name, config, secrets, ...scheduleFields });
          else create.mutate({ name, plugin: form.id, config, secrets, ...scheduleFields });
        }}
      >
        {!sourceId && (
          <label>
            Plugin
            <select value={plugin} onChange={(e) => setPlugin(e.target.value)}>
              {forms.data?.map((f) => <option key={f.id} value={f.id}>{f.title}</option>)}
            </select>
          </label>
        )}
        <p className="muted small-text">{form.description}</p>
        <label>
          Name
          <input required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        {form.fields.filter((f) => fieldVisible(f, values)).map((f) => (
          <Field key={f.key} f={f} values={values} setValue={setValue} secretSet={Boolean(existing.data?.secretsSet.includes(f.key))} />
        ))}
        {form.pullsMonths && <ScheduleFields schedule={schedule} setSchedule={setSchedule} />}
        {test.data && (test.data.ok ? <p role="status" className="test-ok">Connected: {test.data.message} ({test.data.latencyMs} ms)</p> : <p className="error" role="alert">Connection failed: {test.data.reason}</p>)}
        {test.error && <p className="error" role="alert">{test.error.message}</p>}
        {save.error && <p className="error" role="alert">{save.error.message}</p>}
        <div className="row">
          <button className="primary" type="submit" disabled={save.isPending}>{sourceId ? "Save" : "Create source"}</button>
          {canTest && (
            <button type="button" disabled={test.isPending} onClick={() => test.mutate({ plugin: form.id, ...settings(), sourceId })}>
              {test.isPending ? "Testing…" : "Test connection"}
            </button>
          )}
        </div>
      </form>
    </>
  );
}
