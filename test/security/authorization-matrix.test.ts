// First: Next's request scope needs its AsyncLocalStorage global before any next/* module loads.
import { inRequestScope } from "./next-request-scope";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { NextRequest } from "next/server";
import { ensureTemporalAddress } from "~/domain/runtime/temporal";
import { appRouter } from "~/server/api/root";
import { PROCEDURES, ROUTES, type Outcome } from "./authorization-matrix";
import { PRINCIPALS, startSecurityRuntime, type Principal, type SecurityRuntime } from "./principals";

/**
 * Every tRPC procedure and every route handler × every principal, really called with the
 * principal's real session cookie (procedures get the context the app builds from it): "deny" must be
 * refused with UNAUTHORIZED/FORBIDDEN (401/403); "allow" must get past the gate (any other
 * answer, including NOT_FOUND or BAD_REQUEST, counts as past the gate). Route handlers run in
 * Next's request scope with a real next-auth session cookie, signed with the app's secret.
 */

const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
const API_DIR = path.resolve("src/app/api");

/** The procedures the router tree has today: tRPC v11 keeps a flat record of "a.b" paths. */
function procedurePaths(): string[] {
  return Object.keys(appRouter._def.procedures).sort();
}

/** Route handlers on disk: every route.ts under src/app/api and the HTTP methods it exports. */
async function routeHandlers(): Promise<{ key: string; file: string; method: string }[]> {
  const files = (fs.readdirSync(API_DIR, { recursive: true }) as string[]).filter((f) => path.basename(f) === "route.ts");
  const found = [];
  for (const rel of files) {
    const file = path.join(API_DIR, rel);
    const mod = (await import(file)) as Record<string, unknown>;
    const route = `/api/${path.dirname(rel).split(path.sep).join("/")}`;
    for (const method of HTTP_METHODS) if (typeof mod[method] === "function") found.push({ key: `${method} ${route}`, file, method });
  }
  return found.sort((a, b) => a.key.localeCompare(b.key));
}

let s: SecurityRuntime;
beforeAll(async () => {
  s = await startSecurityRuntime("authz-matrix");
  // ingestion.* reach Temporal once past the gate; start (or find) a server before the first call.
  await ensureTemporalAddress(s.rt.env);
}, 180_000);
afterAll(async () => s?.rt.close());

describe("the matrix covers the whole router tree and every route handler", () => {
  it("has exactly one row per procedure", () => {
    const paths = procedurePaths();
    expect(paths.length).toBeGreaterThan(30);
    expect(paths.filter((p) => !(p in PROCEDURES)), "procedures without a row in test/security/authorization-matrix.ts").toEqual([]);
    expect(Object.keys(PROCEDURES).filter((p) => !paths.includes(p)), "rows for procedures that no longer exist").toEqual([]);
  });

  it("has exactly one row per route handler method", async () => {
    const keys = (await routeHandlers()).map((r) => r.key);
    expect(keys).toContain("POST /api/uploads");
    expect(keys.filter((k) => !(k in ROUTES)), "route handlers without a row").toEqual([]);
    expect(Object.keys(ROUTES).filter((k) => !keys.includes(k)), "rows for route handlers that no longer exist").toEqual([]);
  });
});

/** What a call did: refused at the gate, or got past it (with the code it ended with). */
async function callProcedure(p: Principal, procPath: string): Promise<{ outcome: Outcome; code: string }> {
  const row = PROCEDURES[procPath]!;
  const input = typeof row.input === "function" ? (row.input as (p: Principal) => unknown)(p) : row.input;
  const caller = await s.callerFromCookie(p);
  const fn = procPath.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (i: unknown) => Promise<unknown>;
  try {
    await fn(input);
    return { outcome: "allow", code: "OK" };
  } catch (err) {
    if (!(err instanceof TRPCError)) throw err;
    return { outcome: err.code === "UNAUTHORIZED" || err.code === "FORBIDDEN" ? "deny" : "allow", code: err.code };
  }
}

describe.each(PRINCIPALS)("procedures called as %s", (principal) => {
  it.each(Object.keys(PROCEDURES))(`%s`, async (procPath) => {
    const got = await callProcedure(principal, procPath);
    expect(got.outcome, `${principal} → ${procPath} ended with ${got.code}`).toBe(PROCEDURES[procPath]!.expect[principal]);
  });
});

describe.each(PRINCIPALS)("route handlers called as %s", (principal) => {
  it.each(Object.keys(ROUTES))(`%s`, async (key) => {
    const handler = (await routeHandlers()).find((r) => r.key === key);
    expect(handler, `${key} exists`).toBeDefined();
    const { request, expect: expected } = ROUTES[key]!;
    const headers = new Headers(request.headers);
    const cookie = await s.cookie(principal);
    if (cookie) headers.set("cookie", cookie);
    const req = new NextRequest(new URL(request.url, "http://localhost:3160"), { method: handler!.method, headers, body: request.body });
    const mod = (await import(handler!.file)) as Record<string, (req: Request, ctx: unknown) => Promise<Response>>;
    const res = await inRequestScope(req, () => mod[handler!.method]!(req, { params: Promise.resolve(request.params ?? {}) }));
    await res.body?.cancel();
    const outcome: Outcome = res.status === 401 || res.status === 403 ? "deny" : "allow";
    expect(outcome, `${principal} → ${key} answered ${res.status}`).toBe(expected[principal]);
    // The samples are built to get a clean answer past the gate: a 5xx means the gate itself broke.
    expect(res.status, `${principal} → ${key}`).toBeLessThan(500);
  });
});
