/** Reading and writing dashboards and their shares in PostgreSQL (no permission checks: see permission.ts). */
import { and, asc, desc, eq, inArray, ne } from "drizzle-orm";
import type { Db } from "../runtime/postgres";
import { dashboards, dashboardShares, groups, users } from "../db/schema";
import type { DashboardBody, ShareInput } from "./model";
import { sharesFor, type Viewer } from "./permission";

export type ListedDashboard = { id: string; name: string; description: string; ownerEmail: string; permission: "owner" | "edit" | "view"; updatedAt: Date };

export async function listDashboards(db: Db, viewer: Viewer): Promise<{ mine: ListedDashboard[]; shared: ListedDashboard[] }> {
  const cols = { id: dashboards.id, name: dashboards.name, description: dashboards.description, ownerEmail: users.email, updatedAt: dashboards.updatedAt };
  const mine = await db.select(cols).from(dashboards).innerJoin(users, eq(users.id, dashboards.ownerId)).where(eq(dashboards.ownerId, viewer.userId)).orderBy(asc(dashboards.name));
  const sharedRows = await db
    .select({ ...cols, permission: dashboardShares.permission })
    .from(dashboardShares)
    .innerJoin(dashboards, eq(dashboards.id, dashboardShares.dashboardId))
    .innerJoin(users, eq(users.id, dashboards.ownerId))
    .where(and(sharesFor(db, viewer), ne(dashboards.ownerId, viewer.userId)))
    .orderBy(asc(dashboards.name), desc(dashboardShares.permission));
  // one row per dashboard, the strongest share wins
  const shared = new Map<string, ListedDashboard>();
  for (const r of sharedRows) {
    const prev = shared.get(r.id);
    if (!prev || (prev.permission === "view" && r.permission === "edit")) shared.set(r.id, { ...r });
  }
  return { mine: mine.map((m) => ({ ...m, permission: "owner" as const })), shared: [...shared.values()] };
}

export async function insertDashboard(db: Db, ownerId: string, body: DashboardBody & { templateKey?: string | null }) {
  const [row] = await db.insert(dashboards).values({ ...body, ownerId, templateKey: body.templateKey ?? null }).returning();
  return row!;
}

export async function updateDashboard(db: Db, id: string, body: DashboardBody) {
  const [row] = await db.update(dashboards).set(body).where(eq(dashboards.id, id)).returning();
  return row!;
}

export type ShareView = { kind: "user" | "group" | "role"; permission: "view" | "edit"; userId: string | null; email: string | null; groupId: string | null; groupName: string | null; role: string | null };

export async function listShares(db: Db, dashboardId: string): Promise<ShareView[]> {
  return db
    .select({
      kind: dashboardShares.kind, permission: dashboardShares.permission, userId: dashboardShares.userId, email: users.email,
      groupId: dashboardShares.groupId, groupName: groups.name, role: dashboardShares.role,
    })
    .from(dashboardShares)
    .leftJoin(users, eq(users.id, dashboardShares.userId))
    .leftJoin(groups, eq(groups.id, dashboardShares.groupId))
    .where(eq(dashboardShares.dashboardId, dashboardId))
    .orderBy(asc(dashboardShares.createdAt));
}

export class UnknownShareTarget extends Error {}

/** Replaces a dashboard's shares; refuses unknown emails or groups with a message naming them. */
export async function replaceShares(db: Db, dashboardId: string, ownerId: string, shares: ShareInput[]) {
  const emails = [...new Set(shares.flatMap((s) => (s.kind === "user" ? [s.email.toLowerCase()] : [])))];
  const found = emails.length ? await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, emails)) : [];
  const byEmail = new Map(found.map((u) => [u.email.toLowerCase(), u.id]));
  const missing = emails.filter((e) => !byEmail.has(e));
  if (missing.length) throw new UnknownShareTarget(`No user with the email ${missing.join(", ")}`);
  const groupIds = [...new Set(shares.flatMap((s) => (s.kind === "group" ? [s.groupId] : [])))];
  const foundGroups = groupIds.length ? await db.select({ id: groups.id }).from(groups).where(inArray(groups.id, groupIds)) : [];
  if (foundGroups.length !== groupIds.length) throw new UnknownShareTarget("One of the groups no longer exists; reload and pick again");
  const rows = shares
    .map((s) => ({
      dashboardId, kind: s.kind, permission: s.permission,
      userId: s.kind === "user" ? byEmail.get(s.email.toLowerCase())! : null,
      groupId: s.kind === "group" ? s.groupId : null,
      role: s.kind === "role" ? s.role : null,
    }))
    .filter((r) => r.userId !== ownerId);
  await db.transaction(async (tx) => {
    await tx.delete(dashboardShares).where(eq(dashboardShares.dashboardId, dashboardId));
    if (rows.length) await tx.insert(dashboardShares).values(rows);
  });
}
