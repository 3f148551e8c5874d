"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";

const PAGES = [["overview", "Overview"], ["costs", "Cost explorer"], ["breakdown", "Breakdown"], ["budgets", "Budgets (PDF)"], ["anomalies", "Anomalies"]] as const;
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

/**
 * Scheduled reports (docs/reports.md): a dashboard page as PDF, XLSX or CSV, daily, weekly or
 * monthly at a time in a time zone, mailed through an e-mail channel. "Send now" tests it; the
 * delivery log shows each recipient, whose scope the file was rendered with and any error.
 */
export function ReportsView() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useQuery(trpc.system.me.queryOptions());
  const list = useQuery(trpc.reports.list.queryOptions());
  const channels = useQuery(trpc.alertChannels.list.queryOptions());
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.reports.list.queryKey() });
  const create = useMutation(trpc.reports.create.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.reports.delete.mutationOptions({ onSuccess: invalidate }));
  const sendNow = useMutation(trpc.reports.sendNow.mutationOptions());
  const [selected, setSelected] = useState<string | null>(null);
  const log = useQuery({ ...trpc.reports.deliveries.queryOptions({ id: selected ?? "00000000-0000-4000-8000-000000000000" }), enabled: selected !== null, refetchInterval: 3000 });
  const mailChannels = (channels.data ?? []).filter((c) => c.plugin === "email-smtp");
  const [form, setForm] = useState({ name: "", page: "costs", format: "pdf", frequency: "weekly", timeOfDay: "07:00", timeZone: browserZone(), dayOfWeek: 1, dayOfMonth: 1, toMe: true, emails: "", channelId: "", query: "", savedViewId: "" });
  const views = useQuery(trpc.savedViews.list.queryOptions({ page: form.page === "overview" ? "/" : `/${form.page}` }));
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const submit = () => {
    const emails = form.emails.split(",").map((s) => s.trim()).filter(Boolean);
    create.mutate(
      {
        name: form.name, page: form.page as never, format: form.format as never, frequency: form.frequency as never, timeOfDay: form.timeOfDay, timeZone: form.timeZone,
        dayOfWeek: form.dayOfWeek, dayOfMonth: form.dayOfMonth, query: form.query, channelId: form.channelId || mailChannels[0]?.id || "",
        savedViewId: form.savedViewId || null,
        recipientUserIds: form.toMe && me.data ? [me.data.id] : [], recipientEmails: emails,
      },
      { onSuccess: () => set({ name: "", emails: "" }) },
    );
  };
  const error = list.error ?? create.error ?? remove.error ?? sendNow.error;
  return (
    <>
      <h1>Scheduled reports</h1>
      <p className="muted">
        A user recipient gets the report rendered with their own billing scope; an e-mail address gets it rendered with your scope (the owner&apos;s). Outputs are also kept in the platform object store under reports/&lt;report&gt;/&lt;date&gt;/.
      </p>
      {error && <p className="error" role="alert">{error.message}</p>}
      {sendNow.data && <p role="status">Sending: workflow {sendNow.data.workflowId}</p>}
      <table aria-label="Reports">
        <thead><tr><th>Name</th><th>Page</th><th>Format</th><th>When</th><th>Recipients</th>{me.data?.role === "admin" && <th>Owner</th>}<th /></tr></thead>
        <tbody>
          {list.data?.length === 0 && <tr><td colSpan={7} className="muted">No scheduled report yet.</td></tr>}
          {list.data?.map((r) => (
            <tr key={r.id}>
              <td>{r.name}</td><td>{r.page}</td><td>{r.format.toUpperCase()}</td>
              <td>{r.frequency}{r.frequency === "weekly" ? ` on ${DAYS[r.dayOfWeek]}` : r.frequency === "monthly" ? ` on day ${r.dayOfMonth}` : ""} at {r.timeOfDay} {r.timeZone}</td>
              <td className="small-text">{[...(r.recipientUserIds.length ? [`${r.recipientUserIds.length} user(s)`] : []), ...r.recipientEmails].join(", ")}</td>
              {me.data?.role === "admin" && <td>{r.ownerEmail}</td>}
              <td className="row">
                <button type="button" className="small" onClick={() => { setSelected(r.id); sendNow.mutate({ id: r.id }); }} aria-label={`Send ${r.name} now`}>Send now</button>
                <button type="button" className="small" onClick={() => setSelected(r.id)} aria-label={`Delivery log of ${r.name}`}>Log</button>
                <button type="button" className="small" onClick={() => remove.mutate({ id: r.id })} aria-label={`Delete report ${r.name}`}>Delete</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {selected && (
        <>
          <h2>Delivery log</h2>
          <table aria-label="Delivery log">
            <thead><tr><th>Time</th><th>Trigger</th><th>Recipient</th><th>Rendered as</th><th>Result</th><th>Kept at</th></tr></thead>
            <tbody>
              {log.data?.length === 0 && <tr><td colSpan={6} className="muted">Nothing sent yet.</td></tr>}
              {log.data?.map((d) => (
                <tr key={d.id}>
                  <td>{new Date(d.at).toLocaleString()}</td><td>{d.trigger === "send_now" ? "Send now" : "schedule"}</td><td>{d.recipient}</td><td>{d.renderedAs}</td>
                  <td className={d.ok ? "" : "error"}>{d.ok ? "sent" : d.error}</td><td className="small-text">{d.objectKey ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h2>New report</h2>
      {mailChannels.length === 0 && <p className="muted">Make an e-mail channel first (Alerts → Channels): reports are mailed as attachments.</p>}
      <form className="panel form" aria-label="New report" onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <div className="row">
          <label>Name<input name="name" required maxLength={200} value={form.name} onChange={(e) => set({ name: e.target.value })} /></label>
          <label>Page<select name="page" value={form.page} onChange={(e) => set({ page: e.target.value, savedViewId: "" })}>{PAGES.map(([v, l]) => <option key={v} value={v}>{l}</option>)}</select></label>
          <label>Format<select name="format" value={form.format} onChange={(e) => set({ format: e.target.value })}><option value="pdf">PDF</option><option value="xlsx">XLSX</option><option value="csv">CSV</option></select></label>
          <label>Saved view<select name="savedViewId" value={form.savedViewId} onChange={(e) => set({ savedViewId: e.target.value })}>
            <option value="">(none: the page as it opens)</option>
            {views.data?.map((v) => <option key={v.id} value={v.id}>{v.name}</option>)}
          </select></label>
          <label>Filters (query string)<input name="query" placeholder="groupBy=ServiceName" value={form.query} onChange={(e) => set({ query: e.target.value })} /></label>
        </div>
        <div className="row">
          <label>Every<select name="frequency" value={form.frequency} onChange={(e) => set({ frequency: e.target.value })}><option value="daily">day</option><option value="weekly">week</option><option value="monthly">month</option></select></label>
          {form.frequency === "weekly" && <label>On<select name="dayOfWeek" value={form.dayOfWeek} onChange={(e) => set({ dayOfWeek: Number(e.target.value) })}>{DAYS.map((d, i) => <option key={d} value={i}>{d}</option>)}</select></label>}
          {form.frequency === "monthly" && <label>Day<input name="dayOfMonth" type="number" min={1} max={28} value={form.dayOfMonth} onChange={(e) => set({ dayOfMonth: Number(e.target.value) })} /></label>}
          <label>At<input name="timeOfDay" type="time" required value={form.timeOfDay} onChange={(e) => set({ timeOfDay: e.target.value })} /></label>
          <label>Time zone<input name="timeZone" required value={form.timeZone} onChange={(e) => set({ timeZone: e.target.value })} /></label>
        </div>
        <div className="row">
          <label><input type="checkbox" name="toMe" checked={form.toMe} onChange={(e) => set({ toMe: e.target.checked })} /> send to me (my scope)</label>
          <label>E-mail addresses (comma separated)<input name="emails" value={form.emails} onChange={(e) => set({ emails: e.target.value })} /></label>
          <label>Channel<select name="channelId" value={form.channelId || mailChannels[0]?.id || ""} onChange={(e) => set({ channelId: e.target.value })}>{mailChannels.map((c) => <option key={c.id} value={c.id}>{c.name}{c.personal ? " (personal)" : ""}</option>)}</select></label>
        </div>
        <button className="primary" type="submit" disabled={create.isPending}>Schedule report</button>
      </form>
    </>
  );
}
