import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { Runtime } from "~/domain/runtime";
import { apiTokens, auditLog, users } from "~/domain/db/schema";
import { createCaller } from "~/server/api/root";
import { createTRPCContext } from "~/server/api/trpc";
import { POST as uploadPost } from "~/app/api/uploads/route";
import { addUser, openIdentityRuntime, sessionCookie, trpcHttp } from "./identity-harness";

/** Personal API tokens, called as `Authorization: Bearer …` on the real route handlers. */
describe("API tokens", () => {
  let rt: Runtime;
  let ada: { id: string; email: string };
  let vic: { id: string; email: string };
  const callerFor = async (u: { id: string; email: string }) =>
    createCaller(await createTRPCContext({ headers: new Headers({ cookie: await sessionCookie({ sub: u.id, email: u.email, signedInAt: Date.now() }) }) }));
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    rt = await openIdentityRuntime("identity-tokens");
    ada = await addUser(rt, "ada@example.com", "admin");
    vic = await addUser(rt, "vic@example.com", "viewer");
  });
  afterAll(() => rt?.close());

  it("a created token is shown once, stored only as its sha256, and acts as its owner with the owner's current role", async () => {
    const created = await (await callerFor(vic)).tokens.create({ name: "nightly script" });
    expect(created.token).toMatch(/^abi_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.token.slice(0, 12));

    const me = await trpcHttp("system.me", { headers: bearer(created.token) });
    expect(me.status).toBe(200);
    expect(me.body.result.data.json).toMatchObject({ id: vic.id, role: "viewer" });
    expect((await trpcHttp("users.list", { headers: bearer(created.token) })).status).toBe(403);

    // Promoted: the same token acts as an admin on its next call.
    await rt.db.update(users).set({ role: "admin" }).where(eq(users.id, vic.id));
    expect((await trpcHttp("users.list", { headers: bearer(created.token) })).status).toBe(200);
    await rt.db.update(users).set({ role: "viewer" }).where(eq(users.id, vic.id));

    // At rest: the sha256 of the token (computed here, independently), never the token itself.
    const [row] = await rt.db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row!.tokenHash).toBe(createHash("sha256").update(created.token).digest("hex"));
    expect(row!.lastUsedAt).not.toBeNull();
    const dump = await rt.db.execute(sql`select (select coalesce(json_agg(t)::text, '') from api_tokens t) || (select coalesce(json_agg(a)::text, '') from audit_log a) as everything`);
    const text = (dump as unknown as { rows: { everything: string }[] }).rows[0]!.everything;
    expect(text).toContain(created.prefix);
    expect(text).not.toContain(created.token);
    expect(text).not.toContain(created.token.slice(12));

    const listed = await (await callerFor(vic)).tokens.list();
    expect(listed).toEqual([expect.objectContaining({ id: created.id, name: "nightly script", prefix: created.prefix, revokedAt: null })]);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    // Another user's list does not show it.
    expect(await (await callerFor(ada)).tokens.list()).toEqual([]);
  });

  it("refuses revoked, expired and garbage tokens with 401 and a clear message", async () => {
    const revoked = await (await callerFor(vic)).tokens.create({ name: "to revoke" });
    await expect((await callerFor(ada)).tokens.revoke({ id: revoked.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await (await callerFor(vic)).tokens.revoke({ id: revoked.id });
    const r = await trpcHttp("system.me", { headers: bearer(revoked.token) });
    expect([r.status, r.body.error.json.message]).toEqual([401, "The API token is not valid or has been revoked"]);

    const expiring = await (await callerFor(vic)).tokens.create({ name: "short", expiresAt: new Date(Date.now() + 60_000) });
    expect((await trpcHttp("system.me", { headers: bearer(expiring.token) })).status).toBe(200);
    await rt.db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, expiring.id));
    const e = await trpcHttp("system.me", { headers: bearer(expiring.token) });
    expect([e.status, e.body.error.json.message]).toEqual([401, "The API token has expired; create a new one under Settings → API tokens"]);

    const g = await trpcHttp("system.me", { headers: bearer("abi_not-a-real-token") });
    expect([g.status, g.body.error.json.message]).toEqual([401, "The API token is not valid (expected abi_ followed by 43 characters)"]);
    const unknown = await trpcHttp("system.me", { headers: bearer(`abi_${"A".repeat(43)}`) });
    expect([unknown.status, unknown.body.error.json.message]).toEqual([401, "The API token is not valid or has been revoked"]);
    const basic = await trpcHttp("system.me", { headers: { authorization: "Basic dTpw" } });
    expect(basic.status).toBe(401);

    await expect((await callerFor(vic)).tokens.create({ name: "past", expiresAt: new Date(Date.now() - 1000) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("a disabled owner's token is refused; a token cannot create tokens; create and revoke are audited", async () => {
    const t = await (await callerFor(ada)).tokens.create({ name: "ci" });
    const viaToken = await trpcHttp("tokens.create", { headers: bearer(t.token), mutation: true, input: { name: "child" } });
    expect(viaToken.status).toBe(403);

    await rt.db.update(users).set({ disabled: true }).where(eq(users.id, ada.id));
    const d = await trpcHttp("system.me", { headers: bearer(t.token) });
    expect([d.status, d.body.error.json.message]).toEqual([401, "The API token's owner is disabled"]);
    await rt.db.update(users).set({ disabled: false }).where(eq(users.id, ada.id));

    const actions = (await rt.db.select({ action: auditLog.action, actor: auditLog.actorEmail, target: auditLog.target }).from(auditLog)).filter((a) => a.action.startsWith("token."));
    expect(actions).toEqual([
      { action: "token.create", actor: "vic@example.com", target: "nightly script" },
      { action: "token.create", actor: "vic@example.com", target: "to revoke" },
      { action: "token.revoke", actor: "vic@example.com", target: "to revoke" },
      { action: "token.create", actor: "vic@example.com", target: "short" },
      { action: "token.create", actor: "ada@example.com", target: "ci" },
    ]);
  });

  it("is accepted by the uploads route: the owner's role decides, bad tokens get 401", async () => {
    const adminToken = (await (await callerFor(ada)).tokens.create({ name: "uploader" })).token;
    const viewerToken = (await (await callerFor(vic)).tokens.create({ name: "viewer" })).token;
    const upload = (headers: Record<string, string>) => uploadPost(new Request("http://localhost/api/uploads", { method: "POST", headers, body: "x" }));
    const asAdmin = await upload({ ...bearer(adminToken), "content-type": "text/plain" });
    expect(asAdmin.status).toBe(400); // past authentication: the body is what is wrong
    expect((await upload(bearer(viewerToken))).status).toBe(403);
    const bad = await upload(bearer("abi_nope"));
    expect(bad.status).toBe(401);
    expect((await bad.json()).error).toMatch(/not valid/);
  });
});
