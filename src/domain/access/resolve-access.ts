/**
 * What a signed-in user may do and see: the effective role (highest of the user's role and the
 * roles of their grants, direct and via groups; with all-data access only grants on `all` count)
 * and the billing scope every ClickHouse query of theirs is restricted to. Rules: docs/access.md.
 */
import { eq, inArray, or } from "drizzle-orm";
import type { Db } from "../runtime/postgres";
import { grants, groupMembers, users, type Role } from "../db/schema";
import type { AnalyticsScope, ScopeTerm } from "../analytics/scope";
import { AccessError } from "./errors";
import { higherRole } from "./roles";

export type Access = {
  userId: string;
  role: Role;
  /** users.data_access: 'all' or 'granted'. */
  dataAccess: "all" | "granted";
  scope: AnalyticsScope;
};

export type GrantRow = typeof grants.$inferSelect;

/** The scope term a grant row stands for (undefined for scope 'all'). */
export function grantTerm(g: Pick<GrantRow, "scopeKind" | "scopeValue" | "tagKey">): ScopeTerm | undefined {
  switch (g.scopeKind) {
    case "all":
      return undefined;
    case "tag":
      return { kind: "tag", key: g.tagKey ?? "", value: g.scopeValue };
    default:
      return { kind: g.scopeKind, value: g.scopeValue };
  }
}

/** Grants that apply to a user: their own and those of every group they belong to. */
export async function grantsOfUser(db: Db, userId: string): Promise<GrantRow[]> {
  const memberOf = db.select({ id: groupMembers.groupId }).from(groupMembers).where(eq(groupMembers.userId, userId));
  return db.select().from(grants).where(or(eq(grants.userId, userId), inArray(grants.groupId, memberOf)));
}

type AccountRow = { role: Role; dataAccess: "all" | "granted"; disabled: boolean };

/**
 * `loaded`: the user's row when the request already read it (src/server/current-user.ts reads it
 * on every request), so it is not selected a second time.
 */
export async function resolveAccess(db: Db, userId: string, loaded?: AccountRow): Promise<Access> {
  const [user] = loaded ? [loaded] : await db.select({ role: users.role, dataAccess: users.dataAccess, disabled: users.disabled }).from(users).where(eq(users.id, userId));
  if (!user) throw new AccessError("UNAUTHORIZED", "Your account no longer exists; sign in again");
  if (user.disabled) throw new AccessError("UNAUTHORIZED", "Your account is disabled; ask an administrator");
  if (user.role === "admin" && user.dataAccess !== "all") {
    throw new AccessError("FORBIDDEN", "Administrators must have access to all billing data; ask another administrator to fix this account");
  }
  const applied = await grantsOfUser(db, userId);
  const allData = user.dataAccess === "all" || applied.some((g) => g.scopeKind === "all");
  // A grant's role applies within its scope: for a user who sees all data, a role granted on one
  // sub account (say) would apply to every billing account, so only grants on `all` raise it then.
  const raising = allData ? applied.filter((g) => g.scopeKind === "all") : applied;
  const role = raising.reduce<Role>((r, g) => higherRole(r, g.role), user.role);
  const rows: AnalyticsScope["rows"] = allData ? "all" : dedupe(applied.map(grantTerm).filter((t): t is ScopeTerm => t !== undefined));
  return { userId, role, dataAccess: user.dataAccess, scope: { userId, role, rows } };
}

function dedupe(terms: ScopeTerm[]): ScopeTerm[] {
  const seen = new Map(terms.map((t) => [JSON.stringify(t), t]));
  return [...seen.values()].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** True when the user sees every billing row (needed for ingestion, sources, quarantine, infrastructure). */
export function hasAllData(a: Access): boolean {
  return a.scope.rows === "all";
}
