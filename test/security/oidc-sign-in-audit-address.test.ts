// First: Next's request scope needs its AsyncLocalStorage global before any next/* module loads.
import { inRequestScope } from "./next-request-scope";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Runtime } from "~/domain/runtime";
import { auditLog, users } from "~/domain/db/schema";
import { authOptions } from "~/server/auth";
import { openIdentityRuntime } from "../identity/identity-harness";

/**
 * Review 9: identity-provider sign-ins (accepted and refused) are audited with the client's
 * address, like password sign-ins (issue 9: who, what, when, from which address).
 */
describe("OIDC sign-in audit rows carry the client address", () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await openIdentityRuntime("oidc-audit-ip");
  });
  afterAll(() => rt?.close());

  // What next-auth hands the signIn callback after the provider's callback, on the real route's request.
  const signInCallback = (address: string, profile: Record<string, unknown>) => {
    const req = new Request("http://localhost/api/auth/callback/oidc?code=x", { headers: { "x-forwarded-for": address, "user-agent": "test-browser" } });
    return inRequestScope(req, async () =>
      authOptions().callbacks!.signIn!({
        user: { id: String(profile.sub), email: String(profile.email ?? ""), name: "", role: "viewer" },
        account: { type: "oauth", provider: "oidc", providerAccountId: String(profile.sub) },
        profile,
      } as never),
    );
  };

  it("an accepted sign-in's auth.sign_in and user.create rows have the address", async () => {
    expect(await signInCallback("203.0.113.7", { sub: "idp-1", email: "new.person@example.com", email_verified: true, name: "New Person" })).toBe(true);
    const [u] = await rt.db.select().from(users).where(eq(users.email, "new.person@example.com"));
    const rows = await rt.db.select().from(auditLog).where(eq(auditLog.target, "new.person@example.com"));
    expect(rows.find((r) => r.action === "user.create")?.ip).toBe("203.0.113.7");
    const signIn = (await rt.db.select().from(auditLog).where(eq(auditLog.action, "auth.sign_in"))).find((r) => r.actorId === u!.id);
    expect(signIn?.ip).toBe("203.0.113.7");
  });

  it("a refused sign-in's auth.sign_in_failed row has the address", async () => {
    await rt.db.update(users).set({ disabled: true }).where(eq(users.email, "new.person@example.com"));
    expect(await signInCallback("198.51.100.9", { sub: "idp-1", email: "new.person@example.com", email_verified: true })).toBe(false);
    const failed = (await rt.db.select().from(auditLog).where(eq(auditLog.action, "auth.sign_in_failed"))).filter((r) => r.target === "new.person@example.com");
    expect(failed.map((r) => r.ip)).toEqual(["198.51.100.9"]);
  });
});
