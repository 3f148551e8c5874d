"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ChartFigure } from "~/components/charts/chart-figure";
import { HeatmapGrid, type HeatCell } from "~/components/charts/heatmap-grid";
import { useTRPC } from "~/trpc/react";
import { ExportButtons } from "../_dashboard/export-buttons";
import { formatMoney, shiftDays } from "../_dashboard/format";
import { ConversionNote } from "../_dashboard/reporting-currency";
import { DashboardPage, SliceControls, useSlice } from "../_dashboard/slice";
import { ErrorBlock, LoadingBlock, NoRows } from "../_dashboard/states";

const formatQty = (q: string) => Number(q).toLocaleString("en-US", { maximumFractionDigits: 2 });
/** Every unit of a row with its own quantity: units are never summed together. */
const unitsTitle = (units: { unit: string; quantity: string; cost: string }[]) =>
  units.map((u) => `${formatQty(u.quantity)} ${u.unit || "(no unit)"}`).join("\n");

export function HeatmapView() {
  return <DashboardPage title="Utilisation heatmap" pdfName="heatmap" currency>{(last) => <Heatmap last={last} />}</DashboardPage>;
}

function Heatmap({ last }: { last: string }) {
  const trpc = useTRPC();
  const s = useSlice(last);
  const rows = s.sp.get("rows") === "service" ? "service" : "resource";
  const measure = s.sp.get("measure") === "quantity" ? "quantity" : "cost";
  const q = useQuery({ ...trpc.breakdown.heatmap.queryOptions({ ...s.slice, rows, measure, limit: 40, currency: s.currency }), placeholderData: keepPreviousData });
  const days: string[] = [];
  for (let d = s.range.from; d <= s.range.to; d = shiftDays(d, 1)) days.push(d);
  const data = q.data;
  const rowId = (x: { key: string; unit: string; currency: string }) => `${x.key}\u0000${x.unit}\u0000${x.currency}`;
  const index = new Map(data?.rows.map((r, i) => [rowId(r), i]) ?? []);
  const dayIndex = new Map(days.map((d, i) => [d, i]));
  const cells: HeatCell[] = (data?.cells ?? []).flatMap((c) => {
    const row = index.get(rowId(c));
    const col = dayIndex.get(c.day);
    if (row === undefined || col === undefined) return [];
    const cost = Number(c.cost);
    const qty = Number(c.quantity);
    const r = data!.rows[row]!;
    return [{
      row, col,
      value: measure === "cost" ? cost : qty,
      alert: r.nearZeroUsage && cost > 0,
      title: `${r.label} ${c.day}: ${formatMoney(c.cost, c.currency)}, ${c.quantity} ${c.unit || "units"} consumed`,
    }];
  });
  const idle = data?.rows.filter((r) => r.nearZeroUsage) ?? [];
  return (
    <>
      <SliceControls last={last} slice={s}>
        <div className="row">
          <label className="inline">
            Rows
            <select value={rows} onChange={(e) => s.set({ rows: e.target.value })}>
              <option value="resource">Resources</option>
              <option value="service">Services</option>
            </select>
          </label>
          <label className="inline">
            Cell
            <select value={measure} onChange={(e) => s.set({ measure: e.target.value })}>
              <option value="cost">Effective cost</option>
              <option value="quantity">Consumed quantity</option>
            </select>
          </label>
        </div>
      </SliceControls>
      <ConversionNote range={s.range} filters={s.filters} />
      <ErrorBlock error={q.error} what="the heatmap" />
      {q.isPending ? (
        <LoadingBlock height={400} />
      ) : !data || data.rows.length === 0 ? (
        <NoRows />
      ) : (
        <>
          <ChartFigure
            title={`${rows === "resource" ? "Resources" : "Services"} × days: ${measure === "cost" ? "effective cost" : "consumed quantity"}`}
            summary={`${data.rows.length} rows over ${days.length} days; ${idle.length} with cost but near-zero usage (outlined red).`}
            testId="heatmap-chart"
            actions={<ExportButtons table={() => ({ name: "heatmap", columns: ["Row", "Unit", "Currency", "Day", "Effective cost", "Consumed quantity"], rows: data.cells.map((c) => [data.rows[index.get(rowId(c)) ?? 0]?.label ?? c.key, c.unit, c.currency, c.day, c.cost, c.quantity]) })} />}
          >
            <div className="heatmap-scroll">
              <HeatmapGrid rows={data.rows.map((r) => `${r.label}${r.unit ? ` (${r.unit})` : ""}`)} cols={days} cells={cells} />
            </div>
            <p className="muted small-text">Darker = larger. Red outline = the row costs money while its consumed quantity is near zero (under 1% of its peak day, or none).</p>
          </ChartFigure>
          <table aria-label="Heatmap rows">
            <thead><tr><th>{rows === "resource" ? "Resource" : "Service"}</th><th>Unit</th><th className="num">Effective cost</th><th className="num">Consumed (main unit)</th><th>Usage</th></tr></thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={rowId(r)}>
                  <td title={r.key}>{r.label}</td>
                  <td title={unitsTitle(r.units)}>{r.unit || "(no unit)"}{r.units.length > 1 ? <span className="muted small-text"> +{r.units.length - 1} more</span> : null}</td>
                  <td className="num">{formatMoney(r.cost, r.currency)}</td>
                  <td className="num" title={unitsTitle(r.units)}>{formatQty(r.quantity)}</td>
                  <td>{r.nearZeroUsage ? <span className="badge sev-high">near zero</span> : "normal"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
