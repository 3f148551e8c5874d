import { env } from "../../domain/runtime/env";
import { loadWorkerModule } from "../../domain/runtime/worker-loader";

export async function workerCommand(): Promise<void> {
  const e = env();
  if (e.usesEmbeddedStore && e.ABI_WORKER !== "inprocess") {
    throw new Error(
      "abi worker needs server mode (CLICKHOUSE_URL and DATABASE_URL); in embedded mode the worker runs inside the app (npm run dev / npm start)",
    );
  }
  const { runWorker } = await loadWorkerModule();
  const controller = new AbortController();
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => controller.abort());
  console.log(`worker polling task queue ${e.TEMPORAL_TASK_QUEUE} on ${e.TEMPORAL_ADDRESS ?? "the embedded Temporal server"}`);
  await runWorker({ signal: controller.signal });
}
