import path from "node:path";
import { pathToFileURL } from "node:url";
import { tsImport } from "tsx/esm/api";
import { env } from "../../domain/runtime/env";
import { projectRoot } from "../../domain/runtime/project-root";

/** Loads worker/ by path at run time: nothing in src/ imports worker/ statically. */
export async function loadWorkerModule(): Promise<typeof import("../../../worker/run-worker")> {
  const file = path.join(projectRoot(), "worker", "run-worker.ts");
  return tsImport(pathToFileURL(file).href, import.meta.url);
}

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
  await runWorker({ signal: controller.signal, role: "worker" });
}
