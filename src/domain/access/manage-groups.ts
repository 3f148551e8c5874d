/** Groups and their members (admin only; every change audited). */
import { and, asc, count, eq, ne } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../runtime/postgres";
import { groupMembers, groups, users } from "../db/schema";
import { audit, type Actor } from "./audit";
import { AccessError } from "./errors";

export const groupInput = z.object({
  name: z.string().trim().min(1, "Give the group a name").max(120),
  description: z.string().trim().max(1000).default(""),
  /** The identity provider's group claim value that makes a user a member; empty = none. */
  oidcGroup: z.string().trim().max(300).default(""),
});
export type GroupInput = z.infer<typeof groupInput>;

export async function listGroups(db: Db) {
  const members = db.select({ groupId: groupMembers.groupId, n: count().as("n") }).from(groupMembers).groupBy(groupMembers.groupId).as("m");
  const rows = await db
    .select({ id: groups.id, name: groups.name, description: groups.description, oidcGroup: groups.oidcGroup, members: members.n })
    .from(groups)
    .leftJoin(members, eq(members.groupId, groups.id))
    .orderBy(asc(groups.name));
  return rows.map((r) => ({ ...r, members: Number(r.members ?? 0) }));
}

export async function getGroup(db: Db, id: string) {
  const [group] = await db.select().from(groups).where(eq(groups.id, id));
  if (!group) throw new AccessError("NOT_FOUND", "No such group");
  const members = await db
    .select({ userId: users.id, email: users.email, name: users.name, source: groupMembers.source })
    .from(groupMembers)
    .innerJoin(users, eq(users.id, groupMembers.userId))
    .where(eq(groupMembers.groupId, id))
    .orderBy(asc(users.email));
  return { ...group, members };
}

async function checkUnique(db: Db, g: GroupInput, exceptId?: string) {
  const [byName] = await db.select({ id: groups.id }).from(groups).where(exceptId ? and(eq(groups.name, g.name), ne(groups.id, exceptId)) : eq(groups.name, g.name));
  if (byName) throw new AccessError("CONFLICT", `A group named "${g.name}" already exists`);
  if (!g.oidcGroup) return;
  const [byClaim] = await db.select({ name: groups.name }).from(groups).where(exceptId ? and(eq(groups.oidcGroup, g.oidcGroup), ne(groups.id, exceptId)) : eq(groups.oidcGroup, g.oidcGroup));
  if (byClaim) throw new AccessError("CONFLICT", `The group "${byClaim.name}" already maps the identity-provider group "${g.oidcGroup}"`);
}

export async function createGroup(db: Db, actor: Actor, g: GroupInput) {
  await checkUnique(db, g);
  const [row] = await db.insert(groups).values({ name: g.name, description: g.description, oidcGroup: g.oidcGroup || null }).returning();
  await audit(db, actor, "group.create", g.name, { description: g.description, oidcGroup: g.oidcGroup || null });
  return row!;
}

export async function updateGroup(db: Db, actor: Actor, id: string, g: GroupInput) {
  const before = await getGroup(db, id);
  await checkUnique(db, g, id);
  const [row] = await db.update(groups).set({ name: g.name, description: g.description, oidcGroup: g.oidcGroup || null, updatedAt: new Date() }).where(eq(groups.id, id)).returning();
  await audit(db, actor, "group.update", g.name, {
    before: { name: before.name, description: before.description, oidcGroup: before.oidcGroup },
    after: { name: g.name, description: g.description, oidcGroup: g.oidcGroup || null },
  });
  return row!;
}

export async function deleteGroup(db: Db, actor: Actor, id: string) {
  const before = await getGroup(db, id);
  await db.delete(groups).where(eq(groups.id, id));
  await audit(db, actor, "group.delete", before.name, { members: before.members.map((m) => m.email) });
  return { id };
}

export async function addMember(db: Db, actor: Actor, groupId: string, userId: string) {
  const group = await getGroup(db, groupId);
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (!user) throw new AccessError("NOT_FOUND", "No such user");
  await db.insert(groupMembers).values({ groupId, userId, source: "manual" }).onConflictDoNothing();
  await audit(db, actor, "group.member_add", group.name, { user: user.email });
  return { groupId, userId };
}

export async function removeMember(db: Db, actor: Actor, groupId: string, userId: string) {
  const group = await getGroup(db, groupId);
  const removed = await db.delete(groupMembers).where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId))).returning();
  if (removed.length === 0) throw new AccessError("NOT_FOUND", "That user is not a member of this group");
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  await audit(db, actor, "group.member_remove", group.name, { user: user?.email ?? userId });
  return { groupId, userId };
}
