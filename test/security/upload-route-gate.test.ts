import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Runtime } from "~/domain/runtime";
import { grants, users } from "~/domain/db/schema";
import { createCaller } from "~/server/api/root";
import { createTRPCContext } from "~/server/api/trpc";
import { POST as uploadPost } from "~/app/api/uploads/route";
import { addUser, openIdentityRuntime, sessionCookie } from "../identity/identity-harness";

/**
 * Review 9: the uploads route must gate on the same access as tRPC's adminProcedure (resolveAccess:
 * effective role, all-data access, the refusal of an admin limited to grants), not on users.role.
 */
describe("uploads route gate agrees with tRPC's admin gate", () => {
  let rt: Runtime;
  const headersFor = async (u: { id: string; email: string }) => new Headers({ cookie: await sessionCookie({ sub: u.id, email: u.email, signedInAt: Date.now() }) });
  const upload = async (u: { id: string; email: string }) =>
    uploadPost(new Request("http://localhost/api/uploads", { method: "POST", headers: { ...Object.fromEntries(await headersFor(u)), "content-type": "text/plain" }, body: "x" }));
  const trpcAdminCall = async (u: { id: string; email: string }) =>
    (await createCaller(await createTRPCContext({ headers: await headersFor(u) })).users.list()).length;

  beforeAll(async () => {
    rt = await openIdentityRuntime("upload-gate");
  });
  afterAll(() => rt?.close());

  it("an admin account limited to grants (changed outside ABI) is refused by the upload route as by tRPC", async () => {
    const ada = await addUser(rt, "limited-admin@example.com", "admin");
    await rt.db.update(users).set({ dataAccess: "granted" }).where(eq(users.id, ada.id));
    await expect(trpcAdminCall(ada)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const res = await upload(ada);
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatch(/all billing data/);
  });

  it("a viewer made admin by a grant on all data may upload, as tRPC lets them administer", async () => {
    const vic = await addUser(rt, "granted-admin@example.com", "viewer");
    await rt.db.insert(grants).values({ userId: vic.id, role: "admin", scopeKind: "all", scopeValue: "" });
    expect(await trpcAdminCall(vic)).toBeGreaterThan(0);
    const res = await upload(vic);
    expect(res.status).toBe(400); // past the gate: the body is what is wrong
  });

  it("a plain viewer and an analyst are refused with 403", async () => {
    const viewer = await addUser(rt, "plain-viewer@example.com", "viewer");
    const analyst = await addUser(rt, "plain-analyst@example.com", "analyst");
    expect((await upload(viewer)).status).toBe(403);
    expect((await upload(analyst)).status).toBe(403);
  });
});
