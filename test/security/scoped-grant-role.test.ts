import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Runtime } from "~/domain/runtime";
import { grants, users } from "~/domain/db/schema";
import { createCaller } from "~/server/api/root";
import { createTRPCContext } from "~/server/api/trpc";
import { addUser, openIdentityRuntime, sessionCookie } from "../identity/identity-harness";

/**
 * Review 9: a grant's role applies within the grant's scope. An analyst grant on one sub account
 * must not make a viewer who reads all billing data an analyst over all of it (ingestion runs of
 * every billing account, budgets and anomaly verdicts anywhere).
 */
describe("a role granted on a scope does not apply to all data", () => {
  let rt: Runtime;
  const caller = async (u: { id: string; email: string }) =>
    createCaller(await createTRPCContext({ headers: new Headers({ cookie: await sessionCookie({ sub: u.id, email: u.email, signedInAt: Date.now() }) }) }));
  const budget = (name: string) => ({ name, amount: "100", currency: "USD", period: "monthly" as const, metric: "EffectiveCost" as const, filters: [], thresholds: [80, 100] });

  beforeAll(async () => {
    rt = await openIdentityRuntime("scoped-grant-role");
  });
  afterAll(() => rt?.close());

  it("a viewer with all-data access and an analyst grant on one sub account stays a viewer", async () => {
    const vic = await addUser(rt, "all-data-viewer@example.com", "viewer");
    await rt.db.insert(grants).values({ userId: vic.id, role: "analyst", scopeKind: "sub_account", scopeValue: "sub-a" });
    const c = await caller(vic);
    await expect(c.ingestion.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(c.budgets.create(budget("vic's budget"))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(c.anomalies.setStatus({ dimension: "ServiceName", value: "x", day: "2026-01-01", currency: "USD", status: "dismissed" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("a viewer limited to grants works as an analyst within an analyst grant's scope", async () => {
    const sam = await addUser(rt, "scoped-viewer@example.com", "viewer");
    await rt.db.update(users).set({ dataAccess: "granted" }).where(eq(users.id, sam.id));
    await rt.db.insert(grants).values({ userId: sam.id, role: "analyst", scopeKind: "sub_account", scopeValue: "sub-a" });
    const c = await caller(sam);
    expect((await c.budgets.create(budget("sam's budget")))?.name).toBe("sam's budget");
    // still no page showing every billing account
    await expect(c.ingestion.list({})).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/all billing data/) });
  });

  it("an analyst grant on all data makes a viewer an analyst everywhere", async () => {
    const al = await addUser(rt, "granted-analyst@example.com", "viewer");
    await rt.db.insert(grants).values({ userId: al.id, role: "analyst", scopeKind: "all", scopeValue: "" });
    expect((await (await caller(al)).budgets.create(budget("al's budget")))?.name).toBe("al's budget");
  });
});
