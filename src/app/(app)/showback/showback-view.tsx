"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";
import { downloadCsv, downloadXlsx } from "../_dashboard/download";
import { formatMoney } from "../_dashboard/format";
import { DashboardPage } from "../_dashboard/slice";
import { ErrorBlock, LoadingBlock, NoRows } from "../_dashboard/states";
import { RulesEditor } from "./rules-editor";
import { TagSettings } from "./tag-settings";

const monthOf = (day: string) => `${day.slice(0, 7)}-01`;
const monthsBack = (month: string, n: number) => {
  const d = new Date(`${month}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 10);
};

export function ShowbackView() {
  return <DashboardPage title="Showback" pdfName="showback">{(last) => <Showback last={last} />}</DashboardPage>;
}

function Showback({ last }: { last: string }) {
  const trpc = useTRPC();
  const [range, setRange] = useState(() => ({ from: monthsBack(monthOf(last), 2), to: monthOf(last) }));
  const [drill, setDrill] = useState<{ month: string; team: string } | null>(null);
  const me = useQuery(trpc.system.me.queryOptions());
  const data = useQuery(trpc.allocation.showback.queryOptions(range));
  const contributions = useQuery({ ...trpc.allocation.contributions.queryOptions(drill ?? { month: range.to, team: "" }), enabled: drill !== null });
  const exporter = useMutation(trpc.allocation.export.mutationOptions());
  const canEdit = me.data && me.data.role !== "viewer" && me.data.dataAccess === "all";
  const download = (kind: "csv" | "xlsx") => exporter.mutate(range, { onSuccess: (t) => (kind === "csv" ? downloadCsv(t) : downloadXlsx(t)) });

  return (
    <>
      <div className="row">
        <label>From <input type="month" aria-label="From month" value={range.from.slice(0, 7)} onChange={(e) => e.target.value && setRange({ ...range, from: `${e.target.value}-01` })} /></label>
        <label>To <input type="month" aria-label="To month" value={range.to.slice(0, 7)} onChange={(e) => e.target.value && setRange({ ...range, to: `${e.target.value}-01` })} /></label>
        <span className="row export-buttons">
          <button type="button" className="small" disabled={exporter.isPending} onClick={() => download("csv")}>CSV</button>
          <button type="button" className="small" disabled={exporter.isPending} onClick={() => download("xlsx")}>XLSX</button>
        </span>
      </div>
      <p className="muted">
        Teams are the values of the tag <strong>{data.data?.teamKey ?? "…"}</strong> (aliases applied). Direct cost is the cost tagged to the team;
        allocated cost is its share of the shared pools the rules below split. Amounts are limited to the billing data you can see.
      </p>
      <ErrorBlock error={data.error ?? exporter.error} what="showback" />
      {data.isPending ? (
        <LoadingBlock />
      ) : !data.data || data.data.rows.length === 0 ? (
        <NoRows>No cost in these months.</NoRows>
      ) : (
        <table aria-label="Showback">
          <thead>
            <tr><th>Month</th><th>Team</th><th className="num">Direct</th><th className="num">Allocated</th><th className="num">Total</th></tr>
          </thead>
          <tbody>
            {data.data.rows.map((r) => (
              <tr key={`${r.month}|${r.team}|${r.currency}`}>
                <td>{r.month.slice(0, 7)}</td>
                <td>{r.team}</td>
                <td className="num">{formatMoney(r.direct, r.currency)}</td>
                <td className="num">
                  {Number(r.allocated) === 0 ? formatMoney(r.allocated, r.currency) : (
                    <button type="button" className="link" onClick={() => setDrill({ month: r.month, team: r.team })} title="Show the rules that contributed">
                      {formatMoney(r.allocated, r.currency)}
                    </button>
                  )}
                </td>
                <td className="num">{formatMoney(r.total, r.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {drill && (
        <section aria-label="Contributing rules" role="region">
          <h3>Allocated to {drill.team} in {drill.month.slice(0, 7)} <button type="button" className="small" onClick={() => setDrill(null)}>Close</button></h3>
          <ErrorBlock error={contributions.error} what="contributions" />
          <table>
            <thead><tr><th>Rule</th><th>Version</th><th className="num">Allocated</th></tr></thead>
            <tbody>
              {(contributions.data ?? []).map((c) => (
                <tr key={`${c.ruleId}|${c.currency}`}><td>{c.ruleName}</td><td>v{c.ruleVersion}</td><td className="num">{formatMoney(c.allocated, c.currency)}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <RulesEditor canEdit={Boolean(canEdit)} defaultMonth={range.from} />
      <TagSettings isAdmin={me.data?.role === "admin"} />
    </>
  );
}
