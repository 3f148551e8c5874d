"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";
import { AlertsNav } from "./nav";

type StateFilter = "active" | "open" | "acknowledged" | "resolved" | "all";
const when = (d: Date | string | null) => (d ? new Date(d).toISOString().replace("T", " ").slice(0, 16) + " UTC" : "");

/** Open, acknowledged and resolved alerts of the rules the user sees, with each alert's delivery log. */
export function AlertsView() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [state, setState] = useState<StateFilter>("active");
  const [logOf, setLogOf] = useState<string | null>(null);
  const list = useQuery({ ...trpc.alerts.list.queryOptions({ state }), refetchInterval: 15_000 });
  const ack = useMutation(trpc.alerts.acknowledge.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.alerts.list.queryKey() }) }));
  return (
    <>
      <AlertsNav title="Alerts" />
      <div className="row" role="group" aria-label="Which alerts">
        {(["active", "open", "acknowledged", "resolved", "all"] as const).map((s) => (
          <button key={s} type="button" className={state === s ? "primary small" : "small"} aria-pressed={state === s} onClick={() => setState(s)}>{s === "active" ? "open + acknowledged" : s === "all" ? "history (all)" : s}</button>
        ))}
      </div>
      {(list.error ?? ack.error) && <p className="error" role="alert">{(list.error ?? ack.error)?.message}</p>}
      <table aria-label="Alerts">
        <thead><tr><th>Alert</th><th>Rule</th><th>State</th><th>Numbers</th><th>Scope</th><th>Opened</th><th /></tr></thead>
        <tbody>
          {list.isPending && <tr><td colSpan={7}><div className="skeleton" /></td></tr>}
          {list.data?.length === 0 && <tr><td colSpan={7} className="muted">No alerts here. Rules are evaluated after every ingestion run and every 15 minutes.</td></tr>}
          {list.data?.map((a) => (
            <tr key={a.id} data-testid="alert-row">
              <td><a href={a.link}>{a.title}</a><div className="muted small-text">{a.period && `period ${a.period}`}</div></td>
              <td>{a.ruleName}</td>
              <td>
                <span className={`badge ${a.state === "open" ? "sev-high" : a.state === "acknowledged" ? "sev-medium" : ""}`}>{a.state}</span>
                {a.acknowledgedAt && <div className="muted small-text">ack {when(a.acknowledgedAt)}</div>}
                {a.resolvedAt && <div className="muted small-text">resolved {when(a.resolvedAt)}</div>}
              </td>
              <td>{a.numbers.map((n) => <div key={n.label} className="small-text">{n.label}: <b>{n.value}</b></div>)}</td>
              <td className="small-text">{a.scope}</td>
              <td className="small-text">{when(a.openedAt)}</td>
              <td className="row">
                {a.state === "open" && <button type="button" className="small" onClick={() => ack.mutate({ id: a.id })}>Acknowledge</button>}
                <button type="button" className="small" aria-expanded={logOf === a.id} onClick={() => setLogOf(logOf === a.id ? null : a.id)}>Delivery log</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {logOf && <DeliveryLog alertId={logOf} />}
    </>
  );
}

function DeliveryLog({ alertId }: { alertId: string }) {
  const trpc = useTRPC();
  const log = useQuery(trpc.alerts.deliveries.queryOptions({ alertId }));
  return (
    <section className="panel" aria-label="Delivery log">
      <h2>Delivery log</h2>
      {log.error && <p className="error" role="alert">{log.error.message}</p>}
      <table aria-label="Delivery attempts">
        <thead><tr><th>Time</th><th>Channel</th><th>Event</th><th className="num">Attempt</th><th>Result</th></tr></thead>
        <tbody>
          {log.data?.length === 0 && <tr><td colSpan={5} className="muted">Nothing sent yet (the rule has no channel, or delivery is under way).</td></tr>}
          {log.data?.map((d) => (
            <tr key={d.id}>
              <td className="small-text">{when(d.at)}</td><td>{d.channelName}</td><td>{d.event}</td><td className="num">{d.attempt}</td>
              <td>{d.ok ? <span className="badge">delivered</span> : <span className="error small-text">{d.error}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
