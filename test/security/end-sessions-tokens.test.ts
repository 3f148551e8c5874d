import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Runtime } from "~/domain/runtime";
import { apiTokens, auditLog } from "~/domain/db/schema";
import { createCaller } from "~/server/api/root";
import { createTRPCContext } from "~/server/api/trpc";
import { addUser, openIdentityRuntime, sessionCookie, trpcHttp } from "../identity/identity-harness";

/**
 * Review 9: "End sessions" is how an admin shuts a compromised account out. A token the intruder
 * made while signed in must not outlive it (the admin cannot revoke another user's token otherwise).
 */
describe("ending a user's sessions also revokes their API tokens", () => {
  let rt: Runtime;
  const callerFor = async (u: { id: string; email: string }, signedInAt = Date.now()) =>
    createCaller(await createTRPCContext({ headers: new Headers({ cookie: await sessionCookie({ sub: u.id, email: u.email, signedInAt }) }) }));

  beforeAll(async () => {
    rt = await openIdentityRuntime("end-sessions-tokens");
  });
  afterAll(() => rt?.close());

  it("a token made before End sessions is refused afterwards; the audit row counts the revoked tokens", async () => {
    const ada = await addUser(rt, "ada@example.com", "admin");
    const vic = await addUser(rt, "vic@example.com", "viewer");
    const stolen = await (await callerFor(vic, Date.now() - 60_000)).tokens.create({ name: "made by an intruder" });
    expect((await trpcHttp("system.me", { headers: { authorization: `Bearer ${stolen.token}` } })).status).toBe(200);

    await (await callerFor(ada)).users.endSessions({ id: vic.id });

    const after = await trpcHttp("system.me", { headers: { authorization: `Bearer ${stolen.token}` } });
    expect([after.status, after.body.error.json.message]).toEqual([401, "The API token is not valid or has been revoked"]);
    const [row] = await rt.db.select().from(apiTokens).where(eq(apiTokens.id, stolen.id));
    expect(row!.revokedAt).not.toBeNull();
    const [audit] = await rt.db.select().from(auditLog).where(eq(auditLog.action, "user.end_sessions"));
    expect(audit).toMatchObject({ actorEmail: "ada@example.com", target: "vic@example.com", details: { tokensRevoked: 1 } });

    // A token the user makes after signing in again works.
    const fresh = await (await callerFor(vic)).tokens.create({ name: "after sign-in" });
    expect((await trpcHttp("system.me", { headers: { authorization: `Bearer ${fresh.token}` } })).status).toBe(200);
  });
});
