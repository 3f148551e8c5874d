/**
 * "Replay this run": the archived raw files of a run, downloaded into a fresh upload folder and
 * ingested again as a new run (the ingestUpload workflow), so a month can be rebuilt exactly from
 * what was loaded then, also after the source changed or the export was deleted.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { Runtime } from "../runtime";
import { rawArchives } from "../db/schema";
import { uploadDir } from "../ingestion/run-dir";
import { startUpload } from "../ingestion/start-runs";
import { platformObjectStore } from "./platform-store";
import { ArchiveNotFoundError } from "./raw-archive";

export async function replayArchivedRun(rt: Runtime, runId: string): Promise<{ workflowId: string; runId: string; sourceId: string; month: string; files: number }> {
  const [row] = await rt.db.select().from(rawArchives).where(eq(rawArchives.runId, runId));
  if (!row) throw new ArchiveNotFoundError(`Run ${runId} has no archived raw files to replay`);
  if (row.status !== "archived" || row.files.length === 0) throw new ArchiveNotFoundError(`Run ${runId} cannot be replayed: ${row.error ?? "its raw files were not archived"}`);
  const store = await platformObjectStore(rt);
  const uploadId = randomUUID();
  const dir = uploadDir(rt.env, uploadId);
  try {
    const files = [];
    for (const [i, f] of row.files.entries()) {
      // Flat local names; the run records each file under its original name.
      const local = path.join(dir, `${i + 1}-${path.basename(f.key)}`);
      await store.getToFile(f.key, local);
      files.push({ path: local, name: f.name, bytes: fs.statSync(local).size });
    }
    const run = await startUpload(rt, { sourceId: row.sourceId, uploadId, files });
    return { ...run, sourceId: row.sourceId, month: row.month, files: files.length };
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
