"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";
import { shiftDays } from "../_dashboard/format";
import { ErrorBlock, LoadingBlock } from "../_dashboard/states";

/** /dashboards: mine, shared with me, and templates that open as editable copies. */
export function DashboardsList() {
  const trpc = useTRPC();
  const router = useRouter();
  const list = useQuery(trpc.dashboards.list.queryOptions());
  const days = useQuery(trpc.costs.dataDays.queryOptions());
  const [name, setName] = useState("");
  // a new dashboard starts on the last 30 days with data (today's 30 days when there is none yet)
  const last = days.data?.last ?? new Date().toISOString().slice(0, 10);
  const range = { from: shiftDays(last, -29), to: last };
  const open = (r: { id: string }) => router.push(`/dashboards/${r.id}`);
  const create = useMutation(trpc.dashboards.create.mutationOptions({ onSuccess: open }));
  const fromTemplate = useMutation(trpc.dashboards.fromTemplate.mutationOptions({ onSuccess: open }));

  return (
    <>
      <h1>Dashboards</h1>
      <section className="panel" aria-label="New dashboard">
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ name: name.trim(), range });
          }}
        >
          <label className="inline">
            Name
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Team costs" required maxLength={120} />
          </label>
          <button type="submit" disabled={create.isPending || !name.trim()}>Create dashboard</button>
        </form>
        <ErrorBlock error={create.error ?? fromTemplate.error} what="the new dashboard" />
      </section>
      {list.isPending ? (
        <LoadingBlock />
      ) : list.error ? (
        <ErrorBlock error={list.error} what="dashboards" />
      ) : (
        <>
          <DashboardTable title="My dashboards" rows={list.data.mine} empty="You have no dashboards yet: create one or start from a template." />
          <DashboardTable title="Shared with me" rows={list.data.shared} empty="Nothing is shared with you yet." />
          <section className="panel" aria-label="Templates">
            <h2>Templates</h2>
            <p className="muted">A template opens as your own copy, which you can change freely.</p>
            <ul className="template-list">
              {list.data.templates.map((t) => (
                <li key={t.key}>
                  <strong>{t.name}</strong> — {t.description}
                  <div className="muted">{t.widgets.map((w) => w.title).join(" · ")}</div>
                  <button type="button" className="small" disabled={fromTemplate.isPending} onClick={() => fromTemplate.mutate({ key: t.key, range })}>
                    Use template {t.name}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </>
  );
}

function DashboardTable({ title, rows, empty }: { title: string; rows: { id: string; name: string; ownerEmail: string; permission: string; updatedAt: Date }[]; empty: string }) {
  return (
    <section className="panel" aria-label={title}>
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <table aria-label={title}>
          <thead>
            <tr><th>Name</th><th>Owner</th><th>Your access</th><th>Updated</th></tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.id}>
                <td><Link href={`/dashboards/${d.id}`}>{d.name}</Link></td>
                <td>{d.ownerEmail}</td>
                <td>{d.permission}</td>
                <td>{new Date(d.updatedAt).toISOString().slice(0, 16).replace("T", " ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
