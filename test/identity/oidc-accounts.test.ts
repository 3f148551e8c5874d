import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { Runtime } from "~/domain/runtime";
import { auditLog, groupMembers, groups, users } from "~/domain/db/schema";
import { signInWithIdentity, type OidcIdentity } from "~/domain/auth/oidc-accounts";
import { parseEnv } from "~/domain/runtime/env";
import { identityFromClaims } from "~/server/identity-providers";
import { addUser, openIdentityRuntime } from "./identity-harness";

/** Identity-provider sign-in: account matching, group-claim sync, refusals, audit (real PGlite). */
describe("OIDC / Entra ID accounts", () => {
  let rt: Runtime;
  const group = async (name: string, oidcGroup: string | null) => (await rt.db.insert(groups).values({ name, oidcGroup }).returning())[0]!;
  const memberships = async (userId: string) =>
    (
      await rt.db.execute(sql`select g.name, m.source from group_members m join groups g on g.id = m.group_id where m.user_id = ${userId} order by g.name`)
    ).rows as { name: string; source: string }[];
  const identity = (over: Partial<OidcIdentity>): OidcIdentity => ({ provider: "oidc", subject: "sub-1", email: "new@corp.example", emailVerified: true, name: "New Person", groups: [], ...over });

  beforeAll(async () => {
    rt = await openIdentityRuntime("identity-oidc");
  });
  afterAll(() => rt?.close());

  it("creates a viewer with data access 'granted', no password, linked to the subject; syncs oidc groups", async () => {
    const finance = await group("Finance", "finops-finance");
    await group("Platform", "finops-platform");
    await group("No claim", null);
    const result = await signInWithIdentity(rt.db, identity({ groups: ["finops-finance", "unknown-group"] }));
    expect(result).toMatchObject({ created: true, groups: ["Finance"] });
    const [row] = await rt.db.select().from(users).where(eq(users.email, "new@corp.example"));
    expect(row).toMatchObject({ role: "viewer", dataAccess: "granted", passwordHash: null, authProvider: "oidc", externalId: "sub-1", disabled: false });
    expect(await memberships(row!.id)).toEqual([{ name: "Finance", source: "oidc" }]);

    // Next sign-in: same subject (e-mail changed at the IdP), Finance gone from the claim, Platform added.
    // A manual membership of Finance must survive; so we make it manual first.
    await rt.db.update(groupMembers).set({ source: "manual" }).where(and(eq(groupMembers.userId, row!.id), eq(groupMembers.groupId, finance.id)));
    const again = await signInWithIdentity(rt.db, identity({ email: "renamed@corp.example", groups: ["finops-platform"] }));
    expect(again).toMatchObject({ created: false, groups: ["Platform"] });
    expect(await memberships(row!.id)).toEqual([{ name: "Finance", source: "manual" }, { name: "Platform", source: "oidc" }]);

    // Claim empty: the oidc membership goes, the manual one stays.
    await signInWithIdentity(rt.db, identity({ groups: [] }));
    expect(await memberships(row!.id)).toEqual([{ name: "Finance", source: "manual" }]);

    const signIns = await rt.db.select().from(auditLog).where(eq(auditLog.action, "auth.sign_in"));
    expect(signIns.map((a) => a.details)).toEqual([
      { provider: "oidc", groups: ["Finance"], created: true },
      { provider: "oidc", groups: ["Platform"], created: false },
      { provider: "oidc", groups: [], created: false },
    ]);
  });

  it("links an existing account by verified e-mail only, and refuses disabled users", async () => {
    const existing = await addUser(rt, "carol@corp.example", "analyst");
    const unverified = await signInWithIdentity(rt.db, identity({ subject: "carol-sub", email: "Carol@corp.example", emailVerified: false }));
    expect(unverified).toEqual({ refusal: "The identity provider did not verify carol@corp.example, which belongs to an existing account" });

    const linked = await signInWithIdentity(rt.db, identity({ subject: "carol-sub", email: "Carol@corp.example" }));
    expect(linked).toMatchObject({ created: false, account: { id: existing.id, role: "analyst" } });
    const [row] = await rt.db.select().from(users).where(eq(users.id, existing.id));
    expect(row).toMatchObject({ authProvider: "oidc", externalId: "carol-sub" });
    expect(row!.passwordHash).not.toBeNull();

    // Another subject claiming the same e-mail cannot take the account over.
    expect(await signInWithIdentity(rt.db, identity({ subject: "mallory", email: "carol@corp.example" }))).toEqual({ refusal: "carol@corp.example is already linked to another identity" });

    await rt.db.update(users).set({ disabled: true }).where(eq(users.id, existing.id));
    expect(await signInWithIdentity(rt.db, identity({ subject: "carol-sub", email: "carol@corp.example" }))).toEqual({ refusal: "This account is disabled" });
    const failures = await rt.db.select().from(auditLog).where(eq(auditLog.action, "auth.sign_in_failed"));
    expect(failures).toHaveLength(3);
  });

  it("reads the claims per provider: generic OIDC honours OIDC_GROUPS_CLAIM, Entra ID uses groups and xms_edov", () => {
    const e = parseEnv({ OIDC_GROUPS_CLAIM: "roles" });
    expect(identityFromClaims(e, "oidc", { sub: "s", email: "a@b.io", email_verified: true, name: "A", roles: ["x", 3, "y"], groups: ["ignored"] })).toEqual({
      provider: "oidc", subject: "s", email: "a@b.io", emailVerified: true, name: "A", groups: ["x", "y"],
    });
    expect(identityFromClaims(e, "azure-ad", { sub: "t", preferred_username: "u@tenant.example", groups: ["6f1c…-object-id"] })).toEqual({
      provider: "azure-ad", subject: "t", email: "u@tenant.example", emailVerified: false, name: "u@tenant.example", groups: ["6f1c…-object-id"],
    });
    expect(identityFromClaims(e, "azure-ad", { sub: "t", email: "u@tenant.example", xms_edov: true }).emailVerified).toBe(true);
  });

  it("env: a provider is configured completely or not at all", () => {
    expect(() => parseEnv({ OIDC_ISSUER: "https://idp.example" })).toThrow("Invalid environment variable OIDC_CLIENT_ID: required together with OIDC_ISSUER");
    expect(() => parseEnv({ AZURE_AD_CLIENT_ID: "x", AZURE_AD_CLIENT_SECRET: "y" })).toThrow("Invalid environment variable AZURE_AD_TENANT_ID");
    expect(() => parseEnv({ OIDC_ISSUER: "ftp://x", OIDC_CLIENT_ID: "a", OIDC_CLIENT_SECRET: "b" })).toThrow("OIDC_ISSUER");
    expect(parseEnv({ OIDC_ISSUER: "https://idp.example", OIDC_CLIENT_ID: "a", OIDC_CLIENT_SECRET: "b" })).toMatchObject({ OIDC_NAME: "OpenID Connect", OIDC_GROUPS_CLAIM: "groups" });
  });
});
