import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AbiEnv } from "../runtime/env";

/** Where a run's extracted files live while it loads: the data dir when embedded, else local temp. */
export function runDir(e: AbiEnv, runId: string): string {
  const base = e.usesEmbeddedStore ? path.join(e.dataDir, "runs") : path.join(os.tmpdir(), "abi-runs");
  return path.join(base, runId.replace(/[^A-Za-z0-9_-]/g, "_"));
}

export function removeRunDir(e: AbiEnv, runId: string): void {
  fs.rmSync(runDir(e, runId), { recursive: true, force: true });
}

/** Uploaded files stay until they have been ingested; then the run that loaded them removes them. */
export function uploadDir(e: AbiEnv, uploadId: string): string {
  return path.join(e.dataDir, "uploads", uploadId.replace(/[^A-Za-z0-9_-]/g, "_"));
}
