"use client";

import "react-grid-layout/css/styles.css";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import ReactGridLayout, { useContainerWidth, verticalCompactor, type Layout } from "react-grid-layout";
import type { DashboardBody, LayoutItem, Widget } from "~/domain/dashboards/model";
import { useTRPC } from "~/trpc/react";
import { PdfButton } from "../_dashboard/export-buttons";
import { FilterEditor, RangeInputs } from "../_dashboard/filter-bar";
import { ErrorBlock, LoadingBlock } from "../_dashboard/states";
import { encodeFilters, parseFilters, readRange, useUrlState } from "../_dashboard/url-state";
import { ShareDialog } from "./share-dialog";
import { WidgetDialog } from "./widget-dialog";
import { WidgetView } from "./widget-view";

const ROW_HEIGHT = 40;

export function DashboardView({ id }: { id: string }) {
  const trpc = useTRPC();
  const d = useQuery(trpc.dashboards.get.queryOptions({ id }));
  if (d.isPending) return <><h1>Dashboard</h1><LoadingBlock /></>;
  if (d.error) return <><h1>Dashboard</h1><ErrorBlock error={d.error} what="the dashboard" /></>;
  return <Dashboard data={d.data} />;
}

type Loaded = DashboardBody & { id: string; permission: "owner" | "edit" | "view"; shares: Parameters<typeof ShareDialog>[0]["shares"]; updatedAt: Date };

function Dashboard({ data }: { data: Loaded }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const { sp, set } = useUrlState();
  const canEdit = data.permission !== "view";
  // the URL holds the viewer's range and filters; without them the dashboard's own apply
  const range = readRange(sp, data.range);
  // `fs` marks that the viewer set the filters (possibly to none), so the URL's list applies
  const filters = sp.has("fs") ? parseFilters(sp) : data.filters;
  const slice = { ...range, filters };
  const [dialog, setDialog] = useState<{ kind: "add" } | { kind: "edit"; widget: Widget } | { kind: "share" } | null>(null);
  const { width, containerRef, mounted } = useContainerWidth();
  const options = useQuery(trpc.costs.options.queryOptions(range));
  const days = useQuery(trpc.costs.dataDays.queryOptions());

  const body = (patch: Partial<DashboardBody>): DashboardBody => ({
    name: data.name, description: data.description, range: data.range, filters: data.filters, widgets: data.widgets, layout: data.layout, ...patch,
  });
  const save = useMutation(trpc.dashboards.save.mutationOptions({
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: trpc.dashboards.get.queryKey({ id: data.id }) });
      // an edited widget keeps its id: its cached data is for the old query
      await qc.invalidateQueries({ queryKey: trpc.dashboards.widget.pathKey() });
    },
  }));
  const persist = (patch: Partial<DashboardBody>, after?: () => void) => save.mutate({ id: data.id, body: body(patch) }, { onSuccess: () => after?.() });
  const duplicate = useMutation(trpc.dashboards.duplicate.mutationOptions({ onSuccess: (r) => router.push(`/dashboards/${r.id}`) }));
  const remove = useMutation(trpc.dashboards.remove.mutationOptions({ onSuccess: () => router.push("/dashboards") }));

  const onLayoutStop = (layout: Layout) => {
    const next: LayoutItem[] = layout.map((l) => ({ i: l.i, x: l.x, y: l.y, w: l.w, h: l.h }));
    const same = next.every((n) => data.layout.some((o) => o.i === n.i && o.x === n.x && o.y === n.y && o.w === n.w && o.h === n.h));
    if (!same) persist({ layout: next });
  };
  const addWidget = (w: Omit<Widget, "id">) => {
    const id = `w-${Date.now().toString(36)}`;
    const size = w.type === "kpi" ? { w: 3, h: 3 } : { w: 6, h: 7 };
    // beside the last widget when the row has room, else on a new row below everything
    const last = data.layout[data.layout.length - 1];
    const place = last && last.x + last.w + size.w <= 12 ? { x: last.x + last.w, y: last.y } : { x: 0, y: data.layout.reduce((m, l) => Math.max(m, l.y + l.h), 0) };
    persist({ widgets: [...data.widgets, { ...w, id }], layout: [...data.layout, { i: id, ...place, ...size }] }, () => setDialog(null));
  };
  const editWidget = (id: string, w: Omit<Widget, "id">) => persist({ widgets: data.widgets.map((x) => (x.id === id ? { ...w, id } : x)) }, () => setDialog(null));
  const removeWidget = (id: string) => persist({ widgets: data.widgets.filter((x) => x.id !== id), layout: data.layout.filter((l) => l.i !== id) });

  return (
    <>
      <div className="row">
        <h1>{data.name}</h1>
        <span className="muted">{data.permission === "owner" ? "yours" : data.permission === "edit" ? "shared with you (can edit)" : "shared with you (view only)"}</span>
        <span className="spacer" />
        {canEdit && <button type="button" onClick={() => setDialog({ kind: "add" })}>Add widget</button>}
        {data.permission === "owner" && <button type="button" onClick={() => setDialog({ kind: "share" })}>Share</button>}
        <button type="button" disabled={duplicate.isPending} onClick={() => duplicate.mutate({ id: data.id })}>Duplicate</button>
        <PdfButton name={data.name.replace(/[^\w-]+/g, "-")} />
        {data.permission === "owner" && (
          <button type="button" className="link" onClick={() => window.confirm(`Delete the dashboard "${data.name}"?`) && remove.mutate({ id: data.id })}>Delete</button>
        )}
      </div>
      <section className="panel controls" aria-label="Dashboard range and filters">
        <RangeInputs from={range.from} to={range.to} last={days.data?.last ?? range.to} onChange={(r) => set(r)} />
        <FilterEditor filters={filters} onChange={(f) => set({ f: encodeFilters(f), fs: "1" })} range={range} columns={options.data?.columns ?? ["ServiceName"]} tagKeys={options.data?.tagKeys ?? []} />
        {canEdit && (
          <button type="button" className="small" disabled={save.isPending} onClick={() => persist({ range, filters })}>
            Save range and filters as the dashboard&apos;s default
          </button>
        )}
      </section>
      <ErrorBlock error={save.error ?? duplicate.error ?? remove.error} what="the dashboard" />
      {dialog?.kind === "add" && <WidgetDialog range={range} busy={save.isPending} onSave={addWidget} onCancel={() => setDialog(null)} />}
      {dialog?.kind === "edit" && <WidgetDialog initial={dialog.widget} range={range} busy={save.isPending} onSave={(w) => editWidget(dialog.widget.id, w)} onCancel={() => setDialog(null)} />}
      {dialog?.kind === "share" && <ShareDialog id={data.id} shares={data.shares} onClose={() => setDialog(null)} />}
      {data.widgets.length === 0 && <p className="muted">No widgets yet{canEdit ? ": add one." : "."}</p>}
      <div ref={containerRef} className="dashboard-grid">
        {mounted && (
          <ReactGridLayout
            width={width}
            layout={data.layout}
            gridConfig={{ cols: 12, rowHeight: ROW_HEIGHT }}
            dragConfig={{ enabled: canEdit, handle: ".widget-handle" }}
            resizeConfig={{ enabled: canEdit }}
            compactor={verticalCompactor}
            onDragStop={onLayoutStop}
            onResizeStop={onLayoutStop}
          >
            {data.widgets.map((w) => {
              const cell = data.layout.find((l) => l.i === w.id);
              const height = Math.max(60, (cell?.h ?? 4) * (ROW_HEIGHT + 10) - 70);
              return (
                <div key={w.id} className="panel widget" data-testid={`widget-${w.id}`} aria-label={w.title} role="region">
                  <div className="row widget-head">
                    <strong className="widget-handle" title={canEdit ? "Drag to move" : undefined}>{w.title}</strong>
                    <span className="spacer" />
                    {canEdit && (
                      <>
                        <button type="button" className="small" onClick={() => setDialog({ kind: "edit", widget: w })} aria-label={`Edit ${w.title}`}>Edit</button>
                        <button type="button" className="small" onClick={() => removeWidget(w.id)} aria-label={`Remove ${w.title}`}>×</button>
                      </>
                    )}
                  </div>
                  <div className="widget-body">
                    <WidgetView dashboardId={data.id} widget={w} slice={slice} height={height} />
                  </div>
                </div>
              );
            })}
          </ReactGridLayout>
        )}
      </div>
    </>
  );
}
