import type { Role } from "../db/schema";

const RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

/** The higher of two roles (admin > analyst > viewer). */
export function higherRole(a: Role, b: Role): Role {
  return RANK[a] >= RANK[b] ? a : b;
}

export function roleAtLeast(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

/** The roles a role reaches (itself and every lower one): a share to "viewer" is for everyone. */
export function rolesAtMost(role: Role): Role[] {
  return (Object.keys(RANK) as Role[]).filter((r) => RANK[r] <= RANK[role]);
}
