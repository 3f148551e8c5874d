import type { Role } from "../db/schema";

const RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

/** The higher of two roles (admin > analyst > viewer). */
export function higherRole(a: Role, b: Role): Role {
  return RANK[a] >= RANK[b] ? a : b;
}

export function roleAtLeast(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}
