/**
 * A seeded store and the production app on it, for the HTTP and browser benchmarks (bench-load, bench-pages): N synthetic
 * FOCUS rows with rollups, signed-in users (admins and viewers scoped to one sub account each),
 * `next build` once (build-once.mjs) and `next start` on a port; stopApp ends its process group.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type BenchUser = { email: string; password: string; role: "admin" | "viewer"; scope?: string };
const log = (msg: string) => process.stderr.write(`${msg}\n`);

/** `users` users: even ones admins, odd ones viewers granted sub-(i % 30) (the seed has 30). */
export async function prepareStore(rows: number, users: number, dataDir?: string): Promise<{ dataDir: string; from: string; to: string; users: BenchUser[] }> {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "abi-bench-load-"));
  process.env.ABI_DATA_DIR = dir;
  for (const v of ["CLICKHOUSE_URL", "DATABASE_URL", "REDIS_URL"]) delete process.env[v];
  const { openRuntime } = await import("../../src/domain/runtime");
  const { seedSyntheticFocus } = await import("./synthetic-focus");
  const { rebuildAllRollups } = await import("../../src/domain/analytics/rollups");
  const { createUser } = await import("../../src/domain/auth/bootstrap");
  const { createGrant, setDataAccess } = await import("../../src/domain/access/manage-grants");
  const rt = await openRuntime({ migrate: true });
  try {
    let t0 = performance.now();
    const seeded = await seedSyntheticFocus(rt.ch, { rows });
    log(`seeded ${rows.toLocaleString("en-US")} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    t0 = performance.now();
    await rebuildAllRollups(rt.ch);
    log(`rollups built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const list: BenchUser[] = [];
    let owner: { id: string; email: string } | undefined;
    for (let i = 0; i < users; i++) {
      const u: BenchUser = i % 2 === 0 ? { email: `load-${i}@bench.local`, password: `bench-load-password-${i}`, role: "admin" } : { email: `load-${i}@bench.local`, password: `bench-load-password-${i}`, role: "viewer", scope: `sub-${i % 30}` };
      const created = await createUser(rt.db, { email: u.email, password: u.password, role: u.role });
      if (!owner) owner = { id: created.id, email: created.email };
      if (u.scope) {
        await setDataAccess(rt.db, owner, created.id, "granted");
        await createGrant(rt.db, owner, { userId: created.id, role: "viewer", scopeKind: "sub_account", scopeValue: u.scope });
      }
      list.push(u);
    }
    return { dataDir: dir, from: seeded.from, to: seeded.to, users: list };
  } finally {
    await rt.close();
  }
}

export async function startApp(dataDir: string, port: number, extraEnv: Record<string, string> = {}): Promise<{ app: ChildProcess; baseUrl: string }> {
  log("building the production app (skipped when the sources did not change)…");
  const built = spawnSync(process.execPath, ["scripts/build-once.mjs"], { stdio: ["ignore", process.stderr, "inherit"] });
  if (built.status !== 0) throw new Error("next build failed");
  const baseUrl = `http://localhost:${port}`;
  const app = spawn(process.execPath, ["scripts/next.mjs", "start"], {
    env: { ...process.env, ...extraEnv, PORT: String(port), ABI_DATA_DIR: dataDir, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${baseUrl}/signin`)).ok) return { app, baseUrl };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  stopApp(app);
  throw new Error(`the app did not answer on ${baseUrl} within 3 minutes`);
}

/** Ends the app's process group (next and its Temporal child). */
export function stopApp(app: ChildProcess | undefined): void {
  if (!app?.pid) return;
  try {
    process.kill(-app.pid, "SIGTERM");
  } catch {
    /* already gone */
  }
}
