/** Grants (role × billing scope for a user or a group) and a user's data access; admin only, audited. */
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../runtime/postgres";
import { grants, groups, roleEnum, scopeKindEnum, users } from "../db/schema";
import { audit, type Actor } from "./audit";
import { AccessError } from "./errors";

const subject = z.union([z.object({ userId: z.uuid(), groupId: z.undefined().optional() }), z.object({ groupId: z.uuid(), userId: z.undefined().optional() })]);

export const grantInput = z
  .object({
    role: z.enum(roleEnum.enumValues),
    scopeKind: z.enum(scopeKindEnum.enumValues),
    scopeValue: z.string().trim().max(1000).default(""),
    tagKey: z.string().trim().max(256).optional(),
  })
  .and(subject)
  .superRefine((g, ctx) => {
    if (g.scopeKind !== "all" && !g.scopeValue) ctx.addIssue({ code: "custom", path: ["scopeValue"], message: "Give the value of the scope (an id, a resource group name or a tag value)" });
    if (g.scopeKind === "tag" && !g.tagKey) ctx.addIssue({ code: "custom", path: ["tagKey"], message: "A tag scope needs a tag key" });
    if (g.role === "admin" && g.scopeKind !== "all") ctx.addIssue({ code: "custom", path: ["role"], message: "The admin role can only be granted on all billing data" });
  });
export type GrantInput = z.infer<typeof grantInput>;

/** "billing_account=ba-1", "tag env=prod", "all": how a grant's scope reads in lists and the audit log. */
export function describeScope(g: { scopeKind: string; scopeValue: string; tagKey: string | null | undefined }): string {
  if (g.scopeKind === "all") return "all";
  if (g.scopeKind === "tag") return `tag ${g.tagKey}=${g.scopeValue}`;
  return `${g.scopeKind}=${g.scopeValue}`;
}

async function subjectName(db: Db, s: { userId?: string | null; groupId?: string | null }): Promise<string> {
  if (s.userId) {
    const [u] = await db.select({ email: users.email }).from(users).where(eq(users.id, s.userId));
    if (!u) throw new AccessError("NOT_FOUND", "No such user");
    return `user ${u.email}`;
  }
  const [g] = await db.select({ name: groups.name }).from(groups).where(eq(groups.id, s.groupId ?? ""));
  if (!g) throw new AccessError("NOT_FOUND", "No such group");
  return `group ${g.name}`;
}

export async function listGrants(db: Db, s: { userId: string } | { groupId: string }) {
  const rows = await db
    .select()
    .from(grants)
    .where("userId" in s ? eq(grants.userId, s.userId) : eq(grants.groupId, s.groupId))
    .orderBy(asc(grants.createdAt));
  return rows.map((g) => ({ ...g, scope: describeScope(g) }));
}

export async function createGrant(db: Db, actor: Actor, g: GrantInput) {
  const target = await subjectName(db, g);
  const [row] = await db
    .insert(grants)
    .values({
      userId: g.userId ?? null,
      groupId: g.groupId ?? null,
      role: g.role,
      scopeKind: g.scopeKind,
      scopeValue: g.scopeKind === "all" ? "" : g.scopeValue,
      tagKey: g.scopeKind === "tag" ? g.tagKey! : null,
      createdBy: actor.id,
    })
    .returning();
  await audit(db, actor, "grant.create", target, { role: row!.role, scope: describeScope(row!) });
  return { ...row!, scope: describeScope(row!) };
}

export async function deleteGrant(db: Db, actor: Actor, id: string) {
  const [row] = await db.delete(grants).where(eq(grants.id, id)).returning();
  if (!row) throw new AccessError("NOT_FOUND", "That grant no longer exists");
  await audit(db, actor, "grant.delete", await subjectName(db, row).catch(() => "deleted subject"), { role: row.role, scope: describeScope(row) });
  return { id };
}

/** all: the user's role applies to all billing data; granted: only their grants' scopes. */
export async function setDataAccess(db: Db, actor: Actor, userId: string, dataAccess: "all" | "granted") {
  const [u] = await db.select({ email: users.email, role: users.role, dataAccess: users.dataAccess }).from(users).where(eq(users.id, userId));
  if (!u) throw new AccessError("NOT_FOUND", "No such user");
  if (u.role === "admin" && dataAccess === "granted") {
    throw new AccessError("BAD_REQUEST", "An administrator always has access to all billing data; change the role to analyst or viewer first");
  }
  await db.update(users).set({ dataAccess }).where(eq(users.id, userId));
  await audit(db, actor, "user.data_access", u.email, { before: u.dataAccess, after: dataAccess });
  return { userId, dataAccess };
}
