/**
 * Who may do what with a dashboard. The owner may do everything; a share gives `view` (open,
 * duplicate) or `edit` (change widgets, layout, range, filters). Shares name a user, a group
 * (its members) or a role (everyone whose effective role is at least that role). Only the owner
 * deletes or shares. Someone with no share gets "not found", so ids do not reveal dashboards.
 */
import { and, eq, inArray, or } from "drizzle-orm";
import type { Db } from "../runtime/postgres";
import { dashboards, dashboardShares, groupMembers, type Role } from "../db/schema";
import { rolesAtMost } from "../access/roles";

export type DashboardPermission = "owner" | "edit" | "view";
export type Viewer = { userId: string; role: Role };
export type DashboardRow = typeof dashboards.$inferSelect;

const RANK: Record<DashboardPermission, number> = { view: 0, edit: 1, owner: 2 };
export const permits = (have: DashboardPermission, need: DashboardPermission) => RANK[have] >= RANK[need];

/** The shares that apply to a viewer (as SQL over dashboard_shares). */
export function sharesFor(db: Db, viewer: Viewer) {
  const memberOf = db.select({ id: groupMembers.groupId }).from(groupMembers).where(eq(groupMembers.userId, viewer.userId));
  return or(
    and(eq(dashboardShares.kind, "user"), eq(dashboardShares.userId, viewer.userId)),
    and(eq(dashboardShares.kind, "group"), inArray(dashboardShares.groupId, memberOf)),
    and(eq(dashboardShares.kind, "role"), inArray(dashboardShares.role, rolesAtMost(viewer.role))),
  )!;
}

/** The dashboard and the viewer's permission on it, or null when they may not see it at all. */
export async function dashboardFor(db: Db, viewer: Viewer, id: string): Promise<{ dashboard: DashboardRow; permission: DashboardPermission } | null> {
  const [dashboard] = await db.select().from(dashboards).where(eq(dashboards.id, id));
  if (!dashboard) return null;
  if (dashboard.ownerId === viewer.userId) return { dashboard, permission: "owner" };
  const shares = await db
    .select({ permission: dashboardShares.permission })
    .from(dashboardShares)
    .where(and(eq(dashboardShares.dashboardId, id), sharesFor(db, viewer)));
  if (shares.length === 0) return null;
  return { dashboard, permission: shares.some((s) => s.permission === "edit") ? "edit" : "view" };
}
