import type { Role } from "../db/schema";

/** For a role shares are matched against: the roles it reaches (a share to "viewer" is for everyone). */
export const ROLES_AT_MOST: Record<Role, Role[]> = {
  viewer: ["viewer"],
  analyst: ["viewer", "analyst"],
  admin: ["viewer", "analyst", "admin"],
};
