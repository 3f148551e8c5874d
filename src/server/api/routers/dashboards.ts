import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { dashboards, groups } from "~/domain/db/schema";
import { recordAudit } from "~/domain/audit/record";
import { dashboardBodySchema, dashboardFiltersSchema, dashboardNameSchema, dashboardRangeSchema, shareSchema, widgetIdSchema } from "~/domain/dashboards/model";
import { dashboardFor, permits, type DashboardPermission } from "~/domain/dashboards/permission";
import { insertDashboard, listDashboards, listShares, replaceShares, UnknownShareTarget, updateDashboard } from "~/domain/dashboards/store";
import { TEMPLATES, templateBody } from "~/domain/dashboards/templates";
import { runWidget } from "~/domain/dashboards/run-widget";
import { DatasetWidgetError } from "~/domain/dashboards/dataset-widget";
import { listDatasets } from "~/domain/workbench/datasets";
import { WorkbenchRefusal } from "~/domain/workbench/errors";
import { auditOrigin } from "~/server/audit-origin";
import { hasAllData } from "~/domain/access/resolve-access";
import { createTRPCRouter, protectedProcedure } from "../trpc";
import { analyticsProcedure } from "./analytics-procedure";

const idInput = z.object({ id: z.uuid() });
type Ctx = { db: Parameters<typeof dashboardFor>[0]; access: { userId: string; role: "viewer" | "analyst" | "admin" } };

/** The dashboard if the caller has at least `need`; NOT_FOUND when they may not see it, FORBIDDEN when they may only look. */
async function requireDashboard(ctx: Ctx, id: string, need: DashboardPermission) {
  const found = await dashboardFor(ctx.db, { userId: ctx.access.userId, role: ctx.access.role }, id);
  if (!found) throw new TRPCError({ code: "NOT_FOUND", message: "No such dashboard, or it is not shared with you" });
  if (!permits(found.permission, need)) {
    const what = need === "owner" ? "Only the dashboard's owner can do this" : "This dashboard is shared with you to view only; duplicate it to make your own copy";
    throw new TRPCError({ code: "FORBIDDEN", message: what });
  }
  return found;
}

export const dashboardsRouter = createTRPCRouter({
  /** Mine, shared with me, and the templates one can open as a copy. */
  list: protectedProcedure.query(async ({ ctx }) => ({
    ...(await listDashboards(ctx.db, { userId: ctx.access.userId, role: ctx.access.role })),
    templates: TEMPLATES.map((t) => ({ key: t.key, name: t.name, description: t.description, widgets: t.widgets.map((w) => ({ type: w.type, title: w.title })) })),
  })),

  get: protectedProcedure.input(idInput).query(async ({ ctx, input }) => {
    const { dashboard, permission } = await requireDashboard(ctx, input.id, "view");
    const shares = permission === "owner" ? await listShares(ctx.db, dashboard.id) : [];
    return { ...dashboard, permission, shares };
  }),

  create: protectedProcedure.input(z.object({ name: dashboardNameSchema, range: dashboardRangeSchema })).mutation(async ({ ctx, input }) => {
    const row = await insertDashboard(ctx.db, ctx.access.userId, { name: input.name, description: "", range: input.range, filters: [], widgets: [], layout: [] });
    await recordAudit(ctx.db, { ...auditOrigin(ctx), action: "dashboard.create", target: row.id, details: { name: row.name } });
    return { id: row.id };
  }),

  save: protectedProcedure.input(z.object({ id: z.uuid(), body: dashboardBodySchema })).mutation(async ({ ctx, input }) => {
    await requireDashboard(ctx, input.id, "edit");
    const row = await updateDashboard(ctx.db, input.id, input.body);
    await recordAudit(ctx.db, { ...auditOrigin(ctx), action: "dashboard.update", target: row.id, details: { name: row.name, widgets: row.widgets.length } });
    return { id: row.id, updatedAt: row.updatedAt };
  }),

  remove: protectedProcedure.input(idInput).mutation(async ({ ctx, input }) => {
    const { dashboard } = await requireDashboard(ctx, input.id, "owner");
    await ctx.db.delete(dashboards).where(eq(dashboards.id, dashboard.id));
    await recordAudit(ctx.db, { ...auditOrigin(ctx), action: "dashboard.delete", target: dashboard.id, details: { name: dashboard.name } });
    return { id: dashboard.id };
  }),

  /** A copy owned by the caller (anyone who can view may duplicate); shares are not copied. */
  duplicate: protectedProcedure.input(z.object({ id: z.uuid(), name: dashboardNameSchema.optional() })).mutation(async ({ ctx, input }) => {
    const { dashboard: d } = await requireDashboard(ctx, input.id, "view");
    const row = await insertDashboard(ctx.db, ctx.access.userId, {
      name: input.name ?? `Copy of ${d.name}`.slice(0, 120), description: d.description, range: d.range, filters: d.filters, widgets: d.widgets, layout: d.layout, templateKey: d.templateKey,
    });
    await recordAudit(ctx.db, { ...auditOrigin(ctx), action: "dashboard.duplicate", target: row.id, details: { from: d.id, name: row.name } });
    return { id: row.id };
  }),

  fromTemplate: protectedProcedure.input(z.object({ key: z.string().max(60), range: dashboardRangeSchema })).mutation(async ({ ctx, input }) => {
    const body = templateBody(input.key, input.range);
    if (!body) throw new TRPCError({ code: "NOT_FOUND", message: `No template ${input.key}` });
    const row = await insertDashboard(ctx.db, ctx.access.userId, body);
    await recordAudit(ctx.db, { ...auditOrigin(ctx), action: "dashboard.create", target: row.id, details: { name: row.name, template: input.key } });
    return { id: row.id };
  }),

  /** Replaces who the dashboard is shared with (owner only). */
  setShares: protectedProcedure.input(z.object({ id: z.uuid(), shares: z.array(shareSchema).max(100) })).mutation(async ({ ctx, input }) => {
    const { dashboard } = await requireDashboard(ctx, input.id, "owner");
    try {
      await replaceShares(ctx.db, dashboard.id, dashboard.ownerId, input.shares);
    } catch (e) {
      if (e instanceof UnknownShareTarget) throw new TRPCError({ code: "BAD_REQUEST", message: e.message });
      throw e;
    }
    const shares = await listShares(ctx.db, dashboard.id);
    await recordAudit(ctx.db, {
      ...auditOrigin(ctx), action: "dashboard.share", target: dashboard.id,
      details: { shares: shares.map((s) => ({ kind: s.kind, to: s.email ?? s.groupName ?? s.role, permission: s.permission })) },
    });
    return shares;
  }),

  /** Groups the share dialog offers (names only). */
  shareGroups: protectedProcedure.query(({ ctx }) => ctx.db.select({ id: groups.id, name: groups.name }).from(groups).orderBy(groups.name)),

  /**
   * One widget's data for the caller, in the caller's billing scope. `from`/`to`/`filters` come
   * from the page URL when the viewer changed them; otherwise the dashboard's own apply.
   */
  widget: analyticsProcedure
    .input(z.object({ id: z.uuid(), widgetId: widgetIdSchema, from: z.string().optional(), to: z.string().optional(), filters: dashboardFiltersSchema.optional() }))
    .query(async ({ ctx, input }) => {
      const { dashboard } = await requireDashboard(ctx, input.id, "view");
      const widget = dashboard.widgets.find((w) => w.id === input.widgetId);
      if (!widget) throw new TRPCError({ code: "NOT_FOUND", message: "This widget is no longer on the dashboard" });
      const range = dashboardRangeSchema.safeParse({ from: input.from ?? dashboard.range.from, to: input.to ?? dashboard.range.to });
      if (!range.success) throw new TRPCError({ code: "BAD_REQUEST", message: range.error.issues[0]?.message ?? "bad date range" });
      try {
        return await runWidget({ ...ctx.analytics, db: ctx.db, viewerId: ctx.access.userId, allData: hasAllData(ctx.access) }, widget, { ...range.data, filters: input.filters ?? dashboard.filters });
      } catch (e) {
        if (e instanceof DatasetWidgetError) throw new TRPCError({ code: e.kind === "forbidden" ? "FORBIDDEN" : e.kind === "not_found" ? "NOT_FOUND" : "BAD_REQUEST", message: e.message, cause: e });
        if (e instanceof WorkbenchRefusal) throw new TRPCError({ code: "BAD_REQUEST", message: e.message, cause: e });
        throw e;
      }
    }),

  /** Saved workbench datasets the caller may put in a widget (their own and shared ones): names and typed columns, never SQL. */
  datasets: protectedProcedure.query(async ({ ctx }) =>
    (await listDatasets(ctx.db, ctx.access.userId)).map((d) => ({ id: d.id, name: d.name, columns: d.columns, mine: d.ownerId === ctx.access.userId })),
  ),
});
