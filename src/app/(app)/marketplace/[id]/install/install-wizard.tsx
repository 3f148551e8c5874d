"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "~/trpc/react";
import { fieldVisible, formToSettings, settingsToForm, type FormValues } from "~/domain/sources/plugin-form-values";
import { Field, ScheduleFields, type Schedule } from "../../../sources/source-form";
import { previousMonth } from "../../../ingestion/format";
import { ConnectionSteps } from "./connection-steps";
import { LiveRun } from "./live-run";

const STEPS = [
  { key: "version", label: "Choose version" },
  { key: "configure", label: "Configure" },
  { key: "test", label: "Test connection" },
  { key: "create", label: "Create the data source" },
  { key: "run", label: "First run" },
] as const;
type Step = (typeof STEPS)[number]["key"];

const hour = (h: number) => `${String(h).padStart(2, "0")}:00 UTC`;

/**
 * Install wizard: choose version (install) → configure (the form generated from the plugin's
 * schemas, checked inline by them) → test connection (each step) → create the data source and its
 * schedule → start the first run and follow it. An installed plugin starts at "configure".
 */
export function InstallWizard({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const page = useQuery(trpc.marketplace.page.queryOptions({ id }));
  const forms = useQuery(trpc.sources.plugins.queryOptions());
  const form = forms.data?.find((f) => f.id === id);
  const [step, setStep] = useState<Step>("version");
  const [version, setVersion] = useState("");
  const [name, setName] = useState("");
  const [values, setValues] = useState<FormValues>({});
  const [loaded, setLoaded] = useState(false);
  const [checking, setChecking] = useState(false);
  const [schedule, setSchedule] = useState<Schedule>({ enabled: true, hour: 3 });
  const [month, setMonth] = useState(previousMonth());

  useEffect(() => {
    if (form && !loaded) {
      setValues(settingsToForm(form, {}));
      setLoaded(true);
    }
  }, [form, loaded]);

  const settings = form ? formToSettings(form, values) : { config: {}, secrets: {} };
  const check = useQuery({ ...trpc.marketplace.checkSettings.queryOptions({ plugin: id, ...settings }), enabled: checking && Boolean(form) });
  const install = useMutation(
    trpc.plugins.install.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.marketplace.page.queryKey({ id }) });
        void queryClient.invalidateQueries({ queryKey: trpc.plugins.list.queryKey() });
        setStep("configure");
      },
    }),
  );
  const enable = useMutation(trpc.plugins.enable.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.marketplace.page.queryKey({ id }) }) }));
  const test = useMutation(trpc.sources.testConnection.mutationOptions());
  const create = useMutation(trpc.sources.create.mutationOptions({ onSuccess: () => setStep("run") }));
  const runNow = useMutation(trpc.ingestion.runNow.mutationOptions());

  if (page.error ?? forms.error) {
    return (
      <>
        <p><Link href="/marketplace">← Marketplace</Link></p>
        <p className="error" role="alert">{(page.error ?? forms.error)?.message}</p>
      </>
    );
  }
  if (!page.data || !forms.data) return <div className="panel skeleton" style={{ height: 300 }} />;
  const p = page.data;
  const compatible = p.versions.filter((v) => !v.incompatible);
  const chosen = version || compatible[0]?.version || "";
  const chosenVersion = p.versions.find((v) => v.version === chosen);
  const pulls = form?.pullsMonths ?? false;
  const issues = check.data ?? [];
  const issueFor = (key: string) => issues.filter((i) => i.field === key).map((i) => i.message).join("; ");
  const otherIssues = issues.filter((i) => !form?.fields.some((f) => f.key === i.field));
  const setValue = (k: string, v: FormValues[string]) => setValues((prev) => ({ ...prev, [k]: v }));
  const afterConfigure: Step = pulls ? "test" : "create";

  return (
    <>
      <p><Link href={`/marketplace/${encodeURIComponent(id)}`}>← {p.name}</Link></p>
      <h1>Install {p.name}</h1>
      <ol className="row" aria-label="Install steps" style={{ listStyle: "none", paddingLeft: 0 }}>
        {STEPS.filter((s) => pulls || s.key !== "test").map((s, i) => (
          <li key={s.key} aria-current={s.key === step ? "step" : undefined} className={s.key === step ? "" : "muted"}>
            {i + 1}. {s.label}
          </li>
        ))}
      </ol>

      {step === "version" && (
        <section className="panel form" aria-label="Choose what to install" style={{ maxWidth: 640 }}>
          {p.installedVersion ? (
            <>
              <p>Version {p.installedVersion} is installed{p.enabled ? "." : ", but disabled: enable it to add a data source."}</p>
              {enable.error && <p className="error" role="alert">{enable.error.message}</p>}
              {p.enabled ? (
                <button className="primary" type="button" onClick={() => setStep("configure")}>Next</button>
              ) : (
                <button type="button" disabled={enable.isPending} onClick={() => enable.mutate({ id })}>Enable</button>
              )}
            </>
          ) : (
            <>
              <label>
                Version
                <select value={chosen} onChange={(e) => setVersion(e.target.value)}>
                  {p.versions.map((v) => (
                    <option key={v.version} value={v.version} disabled={Boolean(v.incompatible)}>
                      {v.version}{v.incompatible ? ` — ${v.incompatible}` : ""}
                    </option>
                  ))}
                </select>
              </label>
              {chosenVersion && (
                <p className="small-text">
                  SHA-256: <span className="mono" data-testid="install-sha256">{chosenVersion.packageSha256 ?? "built in (no package)"}</span>
                  {chosenVersion.changelog && <><br />{chosenVersion.changelog}</>}
                </p>
              )}
              {compatible.length === 0 && <p className="error" role="alert">No version of {p.name} can run on this ABI: {p.versions[0]?.incompatible}</p>}
              {install.error && <p className="error" role="alert">{install.error.message}</p>}
              <button className="primary" type="button" disabled={install.isPending || !chosen || compatible.length === 0} onClick={() => install.mutate({ id, version: chosen })}>
                Install
              </button>
            </>
          )}
        </section>
      )}

      {step !== "version" && !form && (
        <p className="error" role="alert">The code of {p.name} is not loaded in this ABI, so it has no settings form yet.</p>
      )}

      {step === "configure" && form && (
        <form
          className="panel form"
          aria-label="Configure"
          style={{ maxWidth: 560 }}
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            setChecking(true);
            const found = await queryClient.fetchQuery(trpc.marketplace.checkSettings.queryOptions({ plugin: id, ...settings }));
            if (name.trim() && found.length === 0) setStep(afterConfigure);
          }}
        >
          <p className="muted small-text">{form.description}</p>
          <label>
            Name
            <input required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
            {checking && !name.trim() && <span className="error small-text" role="alert">Name the data source</span>}
          </label>
          {form.fields.filter((f) => fieldVisible(f, values)).map((f) => (
            <div key={f.key}>
              <Field f={f} values={values} setValue={setValue} secretSet={false} />
              {issueFor(f.key) && <span className="error small-text" role="alert">{issueFor(f.key)}</span>}
            </div>
          ))}
          {otherIssues.map((i) => <p key={i.field + i.message} className="error small-text" role="alert">{i.field ? `${i.field}: ` : ""}{i.message}</p>)}
          {pulls && <ScheduleFields schedule={schedule} setSchedule={setSchedule} />}
          <button className="primary" type="submit">Next</button>
        </form>
      )}

      {step === "test" && form && (
        <section className="panel form" aria-label="Test connection" style={{ maxWidth: 720 }}>
          <button type="button" disabled={test.isPending} onClick={() => test.mutate({ plugin: id, ...settings })}>
            {test.isPending ? "Testing…" : "Test connection"}
          </button>
          {test.data?.steps && <ConnectionSteps steps={test.data.steps} />}
          {test.data && (test.data.ok ? <p role="status" className="test-ok">Connected: {test.data.message}</p> : <p className="error" role="alert">Connection failed: {test.data.reason}</p>)}
          {test.error && <p className="error" role="alert">{test.error.message}</p>}
          <div className="row">
            <button type="button" onClick={() => setStep("configure")}>Back</button>
            <button className="primary" type="button" disabled={!test.data?.ok} onClick={() => setStep("create")}>Next</button>
          </div>
        </section>
      )}

      {step === "create" && form && (
        <section className="panel form" aria-label="Create the data source" style={{ maxWidth: 560 }}>
          <p>
            Data source <strong>{name}</strong> with {p.name}
            {pulls ? (schedule.enabled ? `, pulled daily at ${hour(schedule.hour)}` : ", no schedule (run it by hand)") : ", fed by uploads"}.
          </p>
          {create.error && <p className="error" role="alert">{create.error.message}</p>}
          <div className="row">
            <button type="button" onClick={() => setStep(afterConfigure === "test" ? "test" : "configure")}>Back</button>
            <button
              className="primary"
              type="button"
              disabled={create.isPending}
              onClick={() => create.mutate({ name: name.trim(), plugin: id, ...settings, ...(pulls ? { scheduleEnabled: schedule.enabled, scheduleHourUtc: schedule.hour } : {}) })}
            >
              Create data source
            </button>
          </div>
        </section>
      )}

      {step === "run" && create.data && (
        <section className="panel form" aria-label="First run" style={{ maxWidth: 720 }}>
          <p role="status">Created {create.data.name}.</p>
          {pulls ? (
            <>
              {!runNow.data && (
                <form
                  className="row"
                  aria-label="Start the first run"
                  onSubmit={(e) => {
                    e.preventDefault();
                    runNow.mutate({ sourceId: create.data.id, month });
                  }}
                >
                  <label>
                    Billing month
                    <input type="month" required value={month} onChange={(e) => setMonth(e.target.value)} />
                  </label>
                  <button className="primary" type="submit" disabled={runNow.isPending}>Start the first run</button>
                </form>
              )}
              {runNow.error && <p className="error" role="alert">{runNow.error.message}</p>}
              {runNow.data && <LiveRun workflowId={runNow.data.workflowId} runId={runNow.data.runId} />}
            </>
          ) : (
            <p>
              This source is fed by files: <Link href="/ingestion">upload them on the ingestion page</Link>.
            </p>
          )}
        </section>
      )}
    </>
  );
}
