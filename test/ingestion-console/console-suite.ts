import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { resetEnvCache } from "~/domain/runtime/env";
import { openRuntime, type Runtime } from "~/domain/runtime";
import { createUser } from "~/domain/auth/bootstrap";
import { loadWorkerModule } from "~/domain/runtime/worker-loader";
import { ensureTemporalAddress } from "~/domain/runtime/temporal";
import { appRouter, type createCaller } from "~/server/api/root";
import { createCallerFactory } from "~/server/api/trpc";
import type { Role } from "~/domain/db/schema";

export type ConsoleSuite = {
  rt: Runtime;
  caller: (role: Role | null) => ReturnType<typeof createCaller>;
  stop: () => Promise<void>;
};

/**
 * A real embedded runtime (chDB + PGlite) with a real Temporal server (TEST_TEMPORAL_ADDRESS when
 * scripts/test-services.sh started one, else the embedded dev server) and the real worker in this
 * process, polling a task queue of its own.
 */
export async function startConsoleSuite(name: string): Promise<ConsoleSuite> {
  process.env.ABI_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), `abi-${name}-`));
  delete process.env.CLICKHOUSE_URL;
  delete process.env.DATABASE_URL;
  if (process.env.TEST_TEMPORAL_ADDRESS) process.env.TEMPORAL_ADDRESS = process.env.TEST_TEMPORAL_ADDRESS;
  process.env.TEMPORAL_TASK_QUEUE = `abi-${name}-${process.pid}`;
  resetEnvCache();
  const rt = await openRuntime({ migrate: true });
  const users = {
    admin: await createUser(rt.db, { email: "admin@example.com", password: "a-long-password", role: "admin" }),
    analyst: await createUser(rt.db, { email: "analyst@example.com", password: "a-long-password", role: "analyst" }),
    viewer: await createUser(rt.db, { email: "viewer@example.com", password: "a-long-password", role: "viewer" }),
  };
  // Start the dev server once before the worker and the callers race to start it.
  await ensureTemporalAddress(rt.env);
  const { runWorker } = await loadWorkerModule();
  const stopWorker = new AbortController();
  const worker = runWorker({ signal: stopWorker.signal });
  const factory = createCallerFactory(appRouter);
  return {
    rt,
    caller: (role) =>
      factory({
        rt,
        db: rt.db,
        ch: rt.ch,
        headers: new Headers(),
        session: role ? { expires: "2999-01-01", user: { id: users[role].id, email: users[role].email, name: "", role } } : null,
      }),
    async stop() {
      stopWorker.abort();
      await worker.catch(() => undefined);
      await rt.close();
    },
  };
}

/** Polls until `check` returns a value (the test's own timeout bounds the wait). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, pollMs = 500): Promise<T> {
  for (;;) {
    const v = await check();
    if (v) return v;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
