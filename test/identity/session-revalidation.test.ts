import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Runtime } from "~/domain/runtime";
import { auditLog, users } from "~/domain/db/schema";
import { authOptions } from "~/server/auth";
import { createCaller } from "~/server/api/root";
import { createTRPCContext } from "~/server/api/trpc";
import { addUser, openIdentityRuntime, sessionCookie, trpcHttp } from "./identity-harness";

/**
 * Finding 9: the role and the disabled state come from PostgreSQL on every request, not from the
 * 12-hour JWT; an admin can end a user's sessions. Sessions are real next-auth cookies sent to the
 * real tRPC route handler.
 */
describe("every request re-reads the user", () => {
  let rt: Runtime;
  let admin: { id: string; email: string };
  let vera: { id: string; email: string };
  let adminCookie: string;

  const signedIn = (u: { id: string; email: string }, role: string, signedInAt = Date.now()) =>
    sessionCookie({ sub: u.id, email: u.email, name: "", role, signedInAt });
  const me = (cookie: string) => trpcHttp("system.me", { headers: { cookie } });
  const asAdmin = async () => createCaller(await createTRPCContext({ headers: new Headers({ cookie: adminCookie }) }));
  const tick = () => new Promise((r) => setTimeout(r, 5));

  beforeAll(async () => {
    rt = await openIdentityRuntime("identity-sessions");
    admin = await addUser(rt, "admin@example.com", "admin");
    vera = await addUser(rt, "vera@example.com", "viewer");
    adminCookie = await signedIn(admin, "admin");
  });
  afterAll(() => rt?.close());

  it("takes the role from the user row, not from the token", async () => {
    // A cookie claiming admin for a viewer (e.g. issued before a demotion) acts as a viewer.
    const cookie = await signedIn(vera, "admin");
    expect((await me(cookie)).body.result.data.json).toMatchObject({ id: vera.id, role: "viewer" });
    const list = await trpcHttp("users.list", { headers: { cookie } });
    expect(list.status).toBe(403);

    // Promoted in the database: the very next call with the same cookie is an analyst's.
    await rt.db.update(users).set({ role: "analyst" }).where(eq(users.id, vera.id));
    expect((await me(cookie)).body.result.data.json.role).toBe("analyst");
    // Demoted again: seen on the next call.
    await rt.db.update(users).set({ role: "viewer" }).where(eq(users.id, vera.id));
    expect((await me(cookie)).body.result.data.json.role).toBe("viewer");
  });

  it("refuses a disabled user's next call, and lets them back once re-enabled and signed in again", async () => {
    const cookie = await signedIn(vera, "viewer");
    expect((await me(cookie)).status).toBe(200);
    await (await asAdmin()).users.update({ id: vera.id, disabled: true });
    const refused = await me(cookie);
    expect(refused.status).toBe(401);
    expect(refused.body.error.json.message).toBe("Your account is disabled; ask an administrator");
    await (await asAdmin()).users.update({ id: vera.id, disabled: false });
    // Disabling ended the old session for good; a new sign-in works.
    expect((await me(cookie)).status).toBe(401);
    await tick();
    expect((await me(await signedIn(vera, "viewer"))).status).toBe(200);
  });

  it("changing the role through users.update ends the user's sessions", async () => {
    const cookie = await signedIn(vera, "viewer");
    await tick();
    await (await asAdmin()).users.update({ id: vera.id, role: "analyst" });
    const refused = await me(cookie);
    expect(refused.status).toBe(401);
    expect(refused.body.error.json.message).toBe("Your session has ended; sign in again");
    await tick();
    expect((await me(await signedIn(vera, "viewer"))).body.result.data.json.role).toBe("analyst");
  });

  it("users.endSessions refuses the old session, audits, and a new sign-in (through the app's jwt callback) works", async () => {
    const oldCookie = await signedIn(vera, "analyst");
    expect((await me(oldCookie)).status).toBe(200);
    await tick();
    await (await asAdmin()).users.endSessions({ id: vera.id });
    const refused = await me(oldCookie);
    expect(refused.status).toBe(401);
    expect(refused.body.error.json.message).toBe("Your session has ended; sign in again");

    // A new sign-in: the token the app's own jwt callback builds for a freshly authorised user.
    const token = await authOptions().callbacks!.jwt!({ token: { sub: vera.id, email: vera.email }, user: { id: vera.id, email: vera.email, role: "viewer" }, account: null, trigger: "signIn" } as never);
    expect(token.signedInAt).toBeGreaterThan(0);
    const fresh = await sessionCookie(token);
    expect((await me(fresh)).body.result.data.json).toMatchObject({ id: vera.id, role: "analyst" });

    const audit = await rt.db.select().from(auditLog).where(eq(auditLog.action, "user.end_sessions"));
    expect(audit).toMatchObject([{ actorEmail: "admin@example.com", target: "vera@example.com" }]);
  });

  it("only an admin may end sessions; a user who no longer exists is refused", async () => {
    const viewerCaller = createCaller(await createTRPCContext({ headers: new Headers({ cookie: await signedIn(vera, "admin") }) }));
    await expect(viewerCaller.users.endSessions({ id: admin.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const ghost = await me(await signedIn({ id: "00000000-0000-4000-8000-000000000000", email: "ghost@example.com" }, "admin"));
    expect(ghost.status).toBe(401);
    expect((await me("next-auth.session-token=garbage")).status).toBe(401);
    expect((await me("next-auth.session-token=garbage")).body.error.json.message).toBe("Sign in first");
  });
});
