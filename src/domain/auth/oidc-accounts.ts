import { and, eq, inArray, notInArray } from "drizzle-orm";
import type { Db } from "../runtime/postgres";
import { groupMembers, groups, users } from "../db/schema";
import { loadAccountState, type AccountState } from "./account-state";
import { recordAudit } from "../audit/record";

/** The claims ABI uses from an identity provider's ID token, already read by the provider config. */
export type OidcIdentity = {
  /** next-auth provider id: "oidc" or "azure-ad". */
  provider: string;
  subject: string;
  email: string | undefined;
  /** Only a verified e-mail may link the sign-in to an account that already exists. */
  emailVerified: boolean;
  name: string;
  /** Values of the groups claim (group names, or Entra group object ids). */
  groups: string[];
};

/** Where the sign-in came from, for the audit rows. */
export type SignInMeta = { ip?: string | null; userAgent?: string | null };

export type OidcSignIn = { account: AccountState; groups: string[]; created: boolean } | { refusal: string };

/**
 * Finds or creates the ABI user for an identity-provider sign-in and brings its 'oidc' group
 * memberships in step with the groups claim. Matching order: (provider, subject), then a verified
 * e-mail, then a new viewer with data access 'granted' (sees no billing data until a grant applies).
 */
export async function signInWithIdentity(db: Db, id: OidcIdentity, meta: SignInMeta = {}): Promise<OidcSignIn> {
  const email = id.email?.toLowerCase();
  let [user] = await db.select({ id: users.id, externalId: users.externalId }).from(users).where(and(eq(users.authProvider, id.provider), eq(users.externalId, id.subject)));
  let created = false;
  if (!user && email) {
    const [byEmail] = await db.select({ id: users.id, externalId: users.externalId }).from(users).where(eq(users.email, email));
    if (byEmail) {
      if (!id.emailVerified) return refuse(db, id, meta, email, `The identity provider did not verify ${email}, which belongs to an existing account`);
      if (byEmail.externalId) return refuse(db, id, meta, email, `${email} is already linked to another identity`);
      await db.update(users).set({ authProvider: id.provider, externalId: id.subject }).where(eq(users.id, byEmail.id));
      user = byEmail;
    }
  }
  if (!user) {
    if (!email) return refuse(db, id, meta, undefined, "The identity provider sent no e-mail address");
    [user] = await db
      .insert(users)
      .values({ email, name: id.name, role: "viewer", dataAccess: "granted", authProvider: id.provider, externalId: id.subject, passwordHash: null })
      .returning({ id: users.id, externalId: users.externalId });
    created = true;
    await recordAudit(db, { ip: meta.ip, userAgent: meta.userAgent, action: "user.create", target: email, details: { role: "viewer", dataAccess: "granted", provider: id.provider } });
  }
  const account = await loadAccountState(db, user!.id);
  if (!account || account.disabled) return refuse(db, id, meta, account?.email ?? email, "This account is disabled");

  const memberOf = await syncOidcMemberships(db, account.id, id.groups);
  await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, account.id));
  await recordAudit(db, {
    actor: { id: account.id, email: account.email },
    ip: meta.ip,
    userAgent: meta.userAgent,
    action: "auth.sign_in",
    details: { provider: id.provider, groups: memberOf, created },
  });
  return { account, groups: memberOf, created };
}

async function refuse(db: Db, id: OidcIdentity, meta: SignInMeta, email: string | undefined, reason: string): Promise<OidcSignIn> {
  await recordAudit(db, { ip: meta.ip, userAgent: meta.userAgent, action: "auth.sign_in_failed", target: email ?? id.subject, details: { provider: id.provider, reason } });
  return { refusal: reason };
}

/**
 * Adds the user to every group whose oidcGroup is in the claim and removes the 'oidc' memberships
 * of groups no longer in it; 'manual' memberships are never touched. Returns the matched group names.
 */
export async function syncOidcMemberships(db: Db, userId: string, claim: string[]): Promise<string[]> {
  const values = [...new Set(claim.filter((v) => v.length > 0))];
  const matched = values.length ? await db.select({ id: groups.id, name: groups.name }).from(groups).where(inArray(groups.oidcGroup, values)) : [];
  const ids = matched.map((g) => g.id);
  await db
    .delete(groupMembers)
    .where(and(eq(groupMembers.userId, userId), eq(groupMembers.source, "oidc"), ...(ids.length ? [notInArray(groupMembers.groupId, ids)] : [])));
  if (ids.length) {
    await db
      .insert(groupMembers)
      .values(ids.map((groupId) => ({ groupId, userId, source: "oidc" as const })))
      .onConflictDoNothing();
  }
  return matched.map((g) => g.name).sort();
}
