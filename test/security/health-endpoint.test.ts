import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Session } from "next-auth";
import { resetEnvCache } from "~/domain/runtime/env";
import { openRuntime, type Runtime } from "~/domain/runtime";
import type { Role } from "~/domain/db/schema";
import { healthEndpoint } from "~/server/health-endpoint";

/** Finding 5: /api/health tells the public only whether ABI is up; the details need an admin. */
describe("GET /api/health", () => {
  let rt: Runtime;
  beforeAll(async () => {
    process.env.ABI_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "abi-health-endpoint-"));
    delete process.env.CLICKHOUSE_URL;
    delete process.env.DATABASE_URL;
    if (process.env.TEST_TEMPORAL_ADDRESS) process.env.TEMPORAL_ADDRESS = process.env.TEST_TEMPORAL_ADDRESS;
    resetEnvCache();
    rt = await openRuntime({ migrate: true });
  });
  afterAll(async () => {
    await rt?.close();
  });

  const as = (role: Role | null) => async (): Promise<Session | null> =>
    role ? { expires: "2999-01-01", user: { id: "00000000-0000-0000-0000-000000000001", email: `${role}@example.com`, name: "", role } } : null;
  const get = (query: string, role: Role | null) => healthEndpoint(new Request(`http://abi.test/api/health${query}`), { rt, session: as(role) });

  it("answers anonymous visitors with the status alone", async () => {
    const res = await get("", null);
    const text = await res.text();
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(["status"]);
    expect(["ok", "degraded", "down"]).toContain(body.status);
    expect(res.status).toBe(body.status === "ok" ? 200 : 503);
    // No versions, modes or error texts.
    expect(text).not.toMatch(/embedded|server|PGlite|version|latency/i);
  });

  it("refuses the details to anonymous visitors and to non-admins", async () => {
    const anon = await get("?details=1", null);
    expect(anon.status).toBe(401);
    expect(await anon.json()).toEqual({ error: "Sign in as an admin to see the health details" });
    for (const role of ["viewer", "analyst"] as const) {
      const res = await get("?details=1", role);
      expect(res.status).toBe(403);
      const text = await res.text();
      expect(text).not.toContain("services");
      expect(JSON.parse(text)).toEqual({ error: "The health details need the admin role" });
    }
  });

  it("gives an admin the details: every service with its mode and version", async () => {
    const res = await get("?details=1", "admin");
    const body = (await res.json()) as { status: string; services: Record<string, { mode: string; version?: string; ok: boolean }> };
    expect(Object.keys(body.services)).toEqual(expect.arrayContaining(["clickhouse", "postgres", "temporal"]));
    expect(body.services.clickhouse).toMatchObject({ ok: true, mode: "embedded" });
    expect(body.services.postgres!.version).toMatch(/PostgreSQL|PGlite/i);
  });

  it("answers a flood of anonymous probes from one shared check, never refusing one", async () => {
    // Count the ClickHouse probes the endpoint makes (the real client, wrapped only to count).
    let probes = 0;
    const ch = new Proxy(rt.ch, {
      get(target, prop, receiver) {
        if (prop === "query") return (...args: Parameters<typeof target.query>) => ((probes += 1), target.query(...args));
        return Reflect.get(target, prop, receiver);
      },
    });
    const counted = { ...rt, ch } as Runtime;
    const flood = await Promise.all(Array.from({ length: 200 }, () => healthEndpoint(new Request("http://abi.test/api/health"), { rt: counted, session: as(null) })));
    expect(new Set(flood.map((r) => r.status))).toEqual(new Set([200]));
    expect(probes).toBe(1);
    // an admin's details are always fresh
    await healthEndpoint(new Request("http://abi.test/api/health?details=1"), { rt: counted, session: as("admin") });
    expect(probes).toBe(2);
  });
});
