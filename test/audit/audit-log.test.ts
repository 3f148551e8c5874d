/**
 * The audit log end to end on a real embedded runtime (PGlite): rows written by real procedure
 * calls (users, sources, sign-in) come back from audit.list with every filter, newest first and
 * paged by id; the client address is believed only behind a trusted proxy; non-admins are refused.
 * Expected rows are written out by hand.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { User } from "next-auth";
import { resetEnvCache } from "~/domain/runtime/env";
import { openRuntime, type Runtime } from "~/domain/runtime";
import { createUser } from "~/domain/auth/bootstrap";
import { dataSources, type Role } from "~/domain/db/schema";
import { appRouter } from "~/server/api/root";
import { createCallerFactory } from "~/server/api/trpc";
import { authOptions } from "~/server/auth";

let rt: Runtime;
let people: Record<Role, { id: string; email: string }>;
const factory = createCallerFactory(appRouter);

/** A caller as `role`, its request coming through a proxy that saw 198.51.100.7 (the client claimed 203.0.113.9). */
function caller(role: Role | null, headers = new Headers({ "x-forwarded-for": "203.0.113.9, 198.51.100.7", "user-agent": "audit-test/1.0" })) {
  return factory({
    rt,
    db: rt.db,
    ch: rt.ch,
    headers,
    session: role ? { expires: "2999-01-01", user: { id: people[role].id, email: people[role].email, name: "", role } } : null,
  });
}

const pick = (rows: { action: string; actorEmail: string | null; target: string | null; ip: string | null }[]) =>
  rows.map((r) => ({ action: r.action, actorEmail: r.actorEmail, target: r.target, ip: r.ip }));

beforeAll(async () => {
  process.env.ABI_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "abi-audit-"));
  delete process.env.CLICKHOUSE_URL;
  delete process.env.DATABASE_URL;
  process.env.ABI_TRUST_PROXY = "1";
  resetEnvCache();
  rt = await openRuntime({ migrate: true });
  people = {
    admin: await createUser(rt.db, { email: "admin@example.com", password: "a-long-password", role: "admin" }),
    analyst: await createUser(rt.db, { email: "analyst@example.com", password: "a-long-password", role: "analyst" }),
    viewer: await createUser(rt.db, { email: "viewer@example.com", password: "a-long-password", role: "viewer" }),
  };
  const admin = caller("admin");
  const bob = await admin.users.create({ email: "Bob@Example.com", role: "viewer", password: "bobs-long-password" });
  await admin.users.update({ id: bob.id, role: "analyst" });
  await admin.sources.create({ name: "invoices_100%", plugin: "file-upload" });
  // A sign-in with the wrong password, through next-auth's credentials provider.
  const credentials = authOptions().providers[0]!.options as { authorize: (c: unknown, req: unknown) => Promise<User | null> };
  const signedIn = await credentials.authorize({ email: "bob@example.com", password: "wrong-password" }, { headers: { "x-forwarded-for": "192.0.2.44" } });
  expect(signedIn).toBeNull();
});

afterAll(async () => {
  delete process.env.ABI_TRUST_PROXY;
  resetEnvCache();
  await rt?.close();
});

describe("audit.list", () => {
  it("lists what was done, by whom and from which address, newest first", async () => {
    const { rows, nextBefore } = await caller("admin").audit.list({});
    expect(pick(rows)).toEqual([
      { action: "auth.sign_in_failed", actorEmail: null, target: "bob@example.com", ip: "192.0.2.44" },
      { action: "source.create", actorEmail: "admin@example.com", target: "invoices_100%", ip: "198.51.100.7" },
      { action: "user.update", actorEmail: "admin@example.com", target: "bob@example.com", ip: "198.51.100.7" },
      { action: "user.create", actorEmail: "admin@example.com", target: "bob@example.com", ip: "198.51.100.7" },
      { action: "user.create", actorEmail: null, target: "viewer@example.com", ip: null },
      { action: "user.create", actorEmail: null, target: "analyst@example.com", ip: null },
      { action: "user.create", actorEmail: null, target: "admin@example.com", ip: null },
    ]);
    expect(nextBefore).toBeNull();
    expect(rows[2]).toMatchObject({ details: { role: "analyst", passwordChanged: false }, userAgent: "audit-test/1.0" });
    expect(rows[1]!.details).toEqual({ plugin: "file-upload", schedule: null });
    const [source] = await rt.db.select({ createdBy: dataSources.createdBy }).from(dataSources).where(eq(dataSources.name, "invoices_100%"));
    expect(source?.createdBy).toBe(people.admin.id);
  });

  it("filters by action prefix, actor, free text and date range", async () => {
    const admin = caller("admin");
    const actions = async (q: Parameters<typeof admin.audit.list>[0]) => (await admin.audit.list(q)).rows.map((r) => `${r.action} ${r.target}`);
    expect(await actions({ actionPrefix: "user.update" })).toEqual(["user.update bob@example.com"]);
    expect(await actions({ actionPrefix: "source." })).toEqual(["source.create invoices_100%"]);
    expect(await actions({ actor: "ADMIN@example.com" })).toEqual(["source.create invoices_100%", "user.update bob@example.com", "user.create bob@example.com"]);
    expect(await actions({ search: "bob" })).toEqual(["auth.sign_in_failed bob@example.com", "user.update bob@example.com", "user.create bob@example.com"]);
    expect(await actions({ search: "192.0.2" })).toEqual(["auth.sign_in_failed bob@example.com"]);
    // % and _ are matched literally, not as wildcards.
    expect(await actions({ search: "100%" })).toEqual(["source.create invoices_100%"]);
    expect(await actions({ search: "s_1" })).toEqual(["source.create invoices_100%"]);
    expect(await actions({ search: "%bob" })).toEqual([]);
    expect(await actions({ actionPrefix: "user_" })).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect(await actions({ from: today, to: today, actionPrefix: "user.update" })).toEqual(["user.update bob@example.com"]);
    expect(await actions({ to: "2020-01-01" })).toEqual([]);
    expect(await actions({ from: "2999-01-01" })).toEqual([]);
  });

  it("pages by id without gaps or repeats", async () => {
    const admin = caller("admin");
    const first = await admin.audit.list({ limit: 3 });
    expect(first.rows.map((r) => r.action)).toEqual(["auth.sign_in_failed", "source.create", "user.update"]);
    expect(first.nextBefore).toBe(first.rows[2]!.id);
    const second = await admin.audit.list({ limit: 3, before: first.nextBefore! });
    expect(second.rows.map((r) => `${r.action} ${r.target}`)).toEqual(["user.create bob@example.com", "user.create viewer@example.com", "user.create analyst@example.com"]);
    const third = await admin.audit.list({ limit: 3, before: second.nextBefore! });
    expect(third.rows.map((r) => r.target)).toEqual(["admin@example.com"]);
    expect(third.nextBefore).toBeNull();
  });

  it("refuses a page size over 200 and a reversed date range with a clear message", async () => {
    await expect(caller("admin").audit.list({ limit: 201 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller("admin").audit.list({ from: "2025-02-01", to: "2025-01-01" })).rejects.toThrow(/from must not be after to/);
  });

  it("is for admins only", async () => {
    await expect(caller(null).audit.list({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(caller("viewer").audit.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(caller("analyst").audit.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("records the socket's address without a trusted proxy (the preload writes it as the last X-Forwarded-For entry)", async () => {
    // scripts/socket-address.mjs replaces whatever a client sent (test/security/client-address.test.ts);
    // here the header stands for what it wrote.
    process.env.ABI_TRUST_PROXY = "0";
    resetEnvCache();
    try {
      await caller("admin", new Headers({ "x-forwarded-for": "198.51.100.23" })).sources.create({ name: "direct", plugin: "file-upload" });
    } finally {
      process.env.ABI_TRUST_PROXY = "1";
      resetEnvCache();
    }
    const [row] = (await caller("admin").audit.list({ limit: 1 })).rows;
    expect(pick([row!])).toEqual([{ action: "source.create", actorEmail: "admin@example.com", target: "direct", ip: "198.51.100.23" }]);
  });
});
