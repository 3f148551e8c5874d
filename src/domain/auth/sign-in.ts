import { eq } from "drizzle-orm";
import type { Db } from "../runtime/postgres";
import { users, type Role } from "../db/schema";
import { DUMMY_HASH, verifyPassword } from "./passwords";
import { SignInRefused, type SignInThrottle } from "../security/sign-in-throttle";
import { recordAudit } from "../audit/record";

export type SignedInUser = { id: string; email: string; name: string; role: Role };

/**
 * E-mail + password sign-in: null for a wrong e-mail or password, SignInRefused (a message for the
 * person) while the account is locked or the address throttled. Every answer for an account that
 * cannot sign in costs one bcrypt compare, like a wrong password, so timing tells nothing.
 */
export async function signInWithPassword(
  db: Db,
  throttle: SignInThrottle,
  input: { email: string; password: string; address: string },
): Promise<SignedInUser | null> {
  const email = input.email.toLowerCase();
  try {
    await throttle.check(email, input.address);
  } catch (e) {
    if (e instanceof SignInRefused) await recordAudit(db, { ip: input.address, action: "auth.sign_in_refused", target: email, details: { reason: e.reason } });
    throw e;
  }
  const [user] = await db.select().from(users).where(eq(users.email, email));
  const usable = user && !user.disabled && user.passwordHash ? user : undefined;
  const matches = await verifyPassword(input.password, usable?.passwordHash ?? DUMMY_HASH);
  if (!usable || !matches) {
    await recordAudit(db, { ip: input.address, action: "auth.sign_in_failed", target: email });
    await throttle.recordFailure(email, input.address);
    return null;
  }
  await throttle.recordSuccess(email);
  await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, usable.id));
  await recordAudit(db, { ip: input.address, actor: { id: usable.id, email: usable.email }, action: "auth.sign_in" });
  return { id: usable.id, email: usable.email, name: usable.name, role: usable.role };
}
