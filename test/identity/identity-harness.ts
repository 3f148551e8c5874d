import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { resetEnvCache } from "~/domain/runtime/env";
import { openRuntime, type Runtime } from "~/domain/runtime";
import { createUser } from "~/domain/auth/bootstrap";

export const TEST_SECRET = "identity-test-secret-0123456789";

/** A real embedded runtime (chDB + PGlite) in a temp dir, the one the route handlers will use. */
export async function openIdentityRuntime(name: string): Promise<Runtime> {
  process.env.ABI_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), `abi-${name}-`));
  process.env.NEXTAUTH_SECRET = TEST_SECRET;
  process.env.ABI_WORKER = "off";
  delete process.env.NEXTAUTH_URL;
  delete process.env.CLICKHOUSE_URL;
  delete process.env.DATABASE_URL;
  resetEnvCache();
  return openRuntime({ migrate: true });
}

export const addUser = (rt: Runtime, email: string, role: "admin" | "analyst" | "viewer") => createUser(rt.db, { email, password: "a-long-password", role });

/** A next-auth session cookie exactly as the browser would hold it, sealed with the app's secret. */
export async function sessionCookie(claims: Record<string, unknown>): Promise<string> {
  const jwt = await encode({ token: claims, secret: TEST_SECRET });
  return `next-auth.session-token=${jwt}`;
}

/** Calls the real tRPC route handler (src/app/api/trpc/[trpc]/route.ts) over its HTTP interface. */
export async function trpcHttp(
  procedure: string,
  opts: { headers?: Record<string, string>; input?: unknown; mutation?: boolean },
): Promise<{ status: number; body: any }> {
  const { GET, POST } = await import("~/app/api/trpc/[trpc]/route");
  const base = `http://localhost/api/trpc/${procedure}`;
  const json = JSON.stringify({ json: opts.input ?? null });
  const req = opts.mutation
    ? new Request(base, { method: "POST", headers: { "content-type": "application/json", ...opts.headers }, body: json })
    : new Request(opts.input === undefined ? base : `${base}?input=${encodeURIComponent(json)}`, { headers: opts.headers });
  const res = await (opts.mutation ? POST : GET)(req as never);
  return { status: res.status, body: await res.json() };
}
