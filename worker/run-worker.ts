import { fileURLToPath } from "node:url";
import path from "node:path";
import { NativeConnection, Worker, Runtime as TemporalRuntime, DefaultLogger } from "@temporalio/worker";
import { openRuntime } from "../src/domain/runtime";
import { ensureTemporalAddress } from "../src/domain/runtime/temporal";
import { processSingleton } from "../src/domain/runtime/singleton";
import { createActivities } from "./activities";
import { ensureAlertSchedule } from "../src/domain/alerts/schedule";
import { ensureDigestSchedule, ensureReportSchedules } from "../src/domain/reports/schedule";

const here = path.dirname(fileURLToPath(import.meta.url));
export const workflowsPath = path.join(here, "workflows", "index.ts");


/**
 * Runs a worker until `signal` aborts. The same code runs inside the Next.js process
 * (embedded mode) and as `abi worker` (server mode, any number of processes).
 */
export async function runWorker(opts: { signal?: AbortSignal } = {}): Promise<void> {
  const rt = await openRuntime();
  // Temporal's native runtime may be installed once per process.
  processSingleton("temporal-runtime", () => TemporalRuntime.install({ logger: new DefaultLogger("WARN") }));
  const address = await ensureTemporalAddress(rt.env);
  const connection = await NativeConnection.connect({ address });
  try {
    const worker = await Worker.create({
      connection,
      namespace: rt.env.TEMPORAL_NAMESPACE,
      taskQueue: rt.env.TEMPORAL_TASK_QUEUE,
      workflowsPath,
      activities: createActivities(rt),
    });
    // The 15-minute alert evaluation; a failure to create it must not stop ingestion.
    await ensureAlertSchedule(rt).catch((e: unknown) => console.error("could not create the alert schedule:", (e as Error).message));
    await ensureDigestSchedule(rt).catch((e: unknown) => console.error("could not create the weekly digest schedule:", (e as Error).message));
    await ensureReportSchedules(rt).catch((e: unknown) => console.error("could not create the scheduled reports' schedules:", (e as Error).message));
    if (opts.signal) {
      if (opts.signal.aborted) return;
      opts.signal.addEventListener("abort", () => worker.shutdown(), { once: true });
    }
    await worker.run();
  } finally {
    await connection.close();
  }
}
