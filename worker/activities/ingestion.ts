import fs from "node:fs";
import { Context } from "@temporalio/activity";
import type { Runtime } from "../../src/domain/runtime";
import { extractSourceMonth, type ExtractedFile } from "../../src/domain/ingestion/extract";
import { removeRunDir } from "../../src/domain/ingestion/run-dir";
import { snapshotRunTotals, recordRestatements } from "../../src/domain/ingestion/restatements";
import { ingestFiles, runTables, dropRunTables } from "../../src/domain/ingest";

/** Heartbeats carry progress; the console reads them from the pending activity. */
function heartbeat(details: { step: string; done: number; total: number; unit: "rows" | "bytes" }) {
  Context.current().heartbeat(details);
}

/** Resolves when Temporal cancels the activity, so long work can stop waiting for it. */
function cancelled(): Promise<never> {
  return Context.current().cancelled as Promise<never>;
}

export function createIngestionActivities(rt: Runtime) {
  return {
    async extractSourceMonth(input: { sourceId: string; month: string; runId: string }) {
      const ctx = Context.current();
      return extractSourceMonth(rt, input, {
        signal: ctx.cancellationSignal,
        onProgress: (p) => heartbeat({ step: p.phase, done: p.bytesDone, total: p.bytesTotal ?? 0, unit: "bytes" }),
      });
    },

    /** Stage → convert → validate → atomic swap; a retry after a crash starts again from the files. */
    async loadFiles(input: { sourceId: string; runId: string; files: ExtractedFile[]; month?: string }) {
      const missing = input.files.filter((f) => !fs.existsSync(f.path));
      if (missing.length > 0 && input.month) {
        // A retry on another worker host: the first attempt's files are not here.
        const again = await extractSourceMonth(rt, { sourceId: input.sourceId, month: input.month, runId: input.runId });
        input = { ...input, files: again.files };
      } else if (missing.length > 0) {
        throw new Error(`uploaded file ${missing[0]!.name} is not on this worker's disk`);
      }
      // A retry after a crash finds the first attempt's half-built run tables: start clean.
      await dropRunTables(rt.ch, runTables(input.runId));
      heartbeat({ step: "stage", done: 0, total: 0, unit: "rows" });
      const report = await Promise.race([
        ingestFiles(rt.ch, {
          sourceId: input.sourceId,
          runId: input.runId,
          files: input.files.map((f) => f.path),
          fileNames: input.files.map((f) => f.name),
          onProgress: (p) => heartbeat({ step: p.step, done: p.rowsDone, total: p.rowsTotal, unit: "rows" }),
        }),
        cancelled(),
      ]);
      await snapshotRunTotals(rt.ch, { runId: input.runId, sourceId: input.sourceId, months: report.months });
      const { files: _files, ...summary } = report;
      return { ...summary, files: report.files.map((f) => ({ name: f.name, rows: f.rows, sizeBytes: f.sizeBytes, sha256: f.sha256 })) };
    },

    async cleanupRun(input: { runId: string }) {
      await dropRunTables(rt.ch, runTables(input.runId)).catch(() => undefined);
      removeRunDir(rt.env, input.runId);
    },

    async recordRestatements(input: { sourceId: string; month: string; runId: string }) {
      return recordRestatements(rt.ch, input);
    },
  };
}
