import { eq } from "drizzle-orm";
import type { Db } from "../runtime/postgres";
import { users, type Role } from "../db/schema";

/** What a request acts as, read from PostgreSQL on every request (never from the session token). */
export type AccountState = {
  id: string;
  email: string;
  name: string;
  role: Role;
  dataAccess: "all" | "granted";
  disabled: boolean;
  sessionsValidAfter: Date | null;
};

/** One primary-key lookup. */
export async function loadAccountState(db: Db, userId: string): Promise<AccountState | undefined> {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      dataAccess: users.dataAccess,
      disabled: users.disabled,
      sessionsValidAfter: users.sessionsValidAfter,
    })
    .from(users)
    .where(eq(users.id, userId));
  return row;
}

export const SESSION_REFUSALS = {
  unknown: "Your account no longer exists; sign in again",
  disabled: "Your account is disabled; ask an administrator",
  ended: "Your session has ended; sign in again",
} as const;

/**
 * Why a session signed in at `signedInAtMs` may no longer act for this account, or undefined when
 * it may. A session is ended when it started before the account's sessionsValidAfter.
 */
export function sessionRefusal(account: AccountState | undefined, signedInAtMs: number): string | undefined {
  if (!account) return SESSION_REFUSALS.unknown;
  if (account.disabled) return SESSION_REFUSALS.disabled;
  if (account.sessionsValidAfter && signedInAtMs < account.sessionsValidAfter.getTime()) return SESSION_REFUSALS.ended;
  return undefined;
}

/** Every session of the user signed in before now stops working on its next request. */
export async function endSessions(db: Db, userId: string, at = new Date()): Promise<{ email: string } | undefined> {
  const [row] = await db.update(users).set({ sessionsValidAfter: at }).where(eq(users.id, userId)).returning({ email: users.email });
  return row;
}
