import "server-only";
import { env, EnvError } from "~/domain/runtime/env";
import { DataDirInUseError } from "~/domain/runtime/data-dir-lock";
import { bootstrapAdmin } from "~/domain/auth/bootstrap";
import { loadWorkerModule } from "~/domain/runtime/worker-loader";
import { ensureTemporalAddress } from "~/domain/runtime/temporal";
import { processSingleton } from "~/domain/runtime/singleton";
import { startLocalBridge } from "~/domain/commands/local-bridge";
import { getRuntime } from "./runtime";
import { ensureRawArchiveCleanupSchedule } from "~/domain/storage/archive-schedule";
import { resolveAuthSecret } from "./auth-secret";
import { securityLimits } from "./security/limits";
import { startHealthSampler } from "~/domain/runtime/health-history";
import { checkHealth } from "~/domain/runtime/health";

function fatal(message: string): never {
  console.error(`abi: ${message}`);
  process.exit(1);
}

function shouldRunWorker(): boolean {
  const e = env();
  if (e.ABI_WORKER === "off") return false;
  return e.ABI_WORKER === "inprocess" || e.usesEmbeddedStore;
}

async function boot(): Promise<void> {
  let rt;
  try {
    resolveAuthSecret(env());
    securityLimits(); // a bad limit variable stops the start, not the first sign-in
    rt = await getRuntime();
  } catch (err) {
    if (err instanceof EnvError || err instanceof DataDirInUseError) fatal(err.message);
    throw err;
  }
  // The CLI's way into the embedded stores this process owns: loopback only, embedded mode only.
  const bridge = await startLocalBridge(rt);
  const admin = await bootstrapAdmin(rt.db, rt.env);
  if (admin.created) console.log(`abi: created admin ${admin.created} (${admin.reason})`);
  else if (admin.reason.startsWith("no users")) console.warn(`abi: ${admin.reason}`);
  // The infrastructure console's 24 h health history (one sample a minute).
  const stopSampler = startHealthSampler(rt.db, () => checkHealth({ env: rt.env, clickhouse: rt.ch, db: rt.db, temporal: rt.temporal }));

  // Close chDB and PGlite cleanly on shutdown, also when Temporal is unavailable below.
  const stop = async () => {
    stopSampler();
    await bridge?.close().catch(() => undefined);
    await rt.close().catch(() => undefined);
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);

  try {
    await ensureTemporalAddress(rt.env);
  } catch (err) {
    console.error(`abi: Temporal is not available: ${(err as Error).message}`);
    return;
  }
  await ensureRawArchiveCleanupSchedule(rt).catch((err: unknown) => console.warn(`abi: cannot create the raw archive cleanup schedule: ${(err as Error).message}`));
  if (shouldRunWorker()) startInProcessWorker();
}

function startInProcessWorker(): void {
  const controller = new AbortController();
  const run = async (attempt: number): Promise<void> => {
    try {
      const { runWorker } = await loadWorkerModule();
      await runWorker({ signal: controller.signal });
    } catch (err) {
      if (controller.signal.aborted) return;
      const delay = Math.min(30_000, 1_000 * 2 ** attempt);
      console.error(`abi: in-process worker stopped (${(err as Error).message}); restarting in ${delay / 1000} s`);
      setTimeout(() => void run(attempt + 1), delay).unref();
    }
  };
  void run(0);
  process.once("beforeExit", () => controller.abort());
}

/** Runs once per process even when Next.js evaluates instrumentation more than once. */
export function bootOnce(): Promise<void> {
  return processSingleton("boot", () => boot());
}
