import path from "node:path";
import { pathToFileURL } from "node:url";
import { tsImport } from "tsx/esm/api";
import { projectRoot } from "./project-root";

export type WorkerModule = {
  runWorker(opts: { signal?: AbortSignal }): Promise<void>;
};

/**
 * Loads worker/ by path at run time, so nothing in src/ imports it, and the same worker code
 * runs inside the Next.js process (embedded mode) or as `abi worker`.
 */
export async function loadWorkerModule(): Promise<WorkerModule> {
  const file = path.join(projectRoot(), "worker", "run-worker.ts");
  return (await tsImport(pathToFileURL(file).href, pathToFileURL(projectRoot() + path.sep).href)) as WorkerModule;
}
