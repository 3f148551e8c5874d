"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";

type Filters = { search: string; actionPrefix: string; actor: string; from: string; to: string };
const EMPTY: Filters = { search: "", actionPrefix: "", actor: "", from: "", to: "" };
const PAGE_SIZE = 50;

/** Only the filters a person filled in, so an empty box means "any". */
const asQuery = (f: Filters) => Object.fromEntries(Object.entries(f).filter(([, v]) => v.trim() !== "")) as Partial<Filters>;

export function AuditView() {
  const trpc = useTRPC();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  // Keyset paging: the stack holds the `before` id of every page shown so far.
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const before = cursors[cursors.length - 1];
  const page = useQuery(trpc.audit.list.queryOptions({ ...asQuery(applied), before, limit: PAGE_SIZE }));
  const field = (key: keyof Filters) => ({ value: draft[key], onChange: (e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, [key]: e.target.value }) });

  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">Changes to users, sources and access, exports and sign-ins: who, what, when and from which address. Newest first; dates are UTC.</p>
      <form
        className="panel row"
        aria-label="Filter the audit log"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(draft);
          setCursors([undefined]);
        }}
      >
        <label>Search<input type="search" placeholder="action, target, user or address" maxLength={200} {...field("search")} /></label>
        <label>Action starts with<input placeholder="e.g. source." maxLength={100} {...field("actionPrefix")} /></label>
        <label>User<input type="email" placeholder="e-mail" maxLength={320} {...field("actor")} /></label>
        <label>From<input type="date" {...field("from")} /></label>
        <label>To<input type="date" {...field("to")} /></label>
        <button className="primary" type="submit">Apply</button>
        <button type="button" onClick={() => { setDraft(EMPTY); setApplied(EMPTY); setCursors([undefined]); }}>Clear</button>
      </form>
      {page.error && <p className="error" role="alert">{page.error.message}</p>}
      <table aria-label="Audit log">
        <thead>
          <tr><th>When (UTC)</th><th>Action</th><th>User</th><th>Target</th><th>Address</th><th>Details</th></tr>
        </thead>
        <tbody>
          {page.isPending && <tr><td colSpan={6}><div className="skeleton" /></td></tr>}
          {page.data?.rows.length === 0 && <tr><td colSpan={6} className="muted">No entries match.</td></tr>}
          {page.data?.rows.map((r) => (
            <tr key={r.id}>
              <td>{r.at.slice(0, 19).replace("T", " ")}</td>
              <td className="mono">{r.action}</td>
              <td>{r.actorEmail ?? <span className="muted" title="not signed in: a sign-in attempt, the CLI or a system job">–</span>}</td>
              <td className="mono">{r.target}</td>
              <td className="mono" title={r.userAgent ?? undefined}>{r.ip ?? <span className="muted">–</span>}</td>
              <td className="mono small-text">{r.details ? JSON.stringify(r.details) : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row pager">
        <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>Newer</button>
        <button type="button" disabled={!page.data?.nextBefore} onClick={() => page.data?.nextBefore && setCursors([...cursors, page.data.nextBefore])}>Older</button>
      </div>
    </>
  );
}
