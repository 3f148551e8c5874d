import { asc, eq } from "drizzle-orm";
import type { Db } from "../runtime/postgres";
import { groupMembers, groups } from "../db/schema";

/** The groups a user belongs to, and whether each membership comes from the identity provider. */
export function userGroups(db: Db, userId: string) {
  return db
    .select({ name: groups.name, source: groupMembers.source })
    .from(groupMembers)
    .innerJoin(groups, eq(groups.id, groupMembers.groupId))
    .where(eq(groupMembers.userId, userId))
    .orderBy(asc(groups.name));
}
