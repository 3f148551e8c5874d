import fs from "node:fs";
import { Context } from "@temporalio/activity";
import type { Runtime } from "../../src/domain/runtime";
import { extractSourceMonth, type ExtractedFile } from "../../src/domain/ingestion/extract";
import { removeRunDir } from "../../src/domain/ingestion/run-dir";
import { snapshotRunTotals, recordRestatements } from "../../src/domain/ingestion/restatements";
import { archiveRawFiles } from "../../src/domain/storage/raw-archive";
import { stageStep, convertStep, validateStep, swapStep, runTables, dropRunTables, type StagedRun } from "../../src/domain/ingest";

import type { WorkProgress as Beat } from "../../src/domain/workflows/progress";

/**
 * Runs `work` while heartbeating its latest progress every few seconds, so a long statement
 * (one big file converting) is not mistaken for a dead worker; the console reads these beats.
 */
async function withHeartbeat<T>(first: Beat, work: (beat: (b: Beat) => void) => Promise<T>): Promise<T> {
  const ctx = Context.current();
  let last = first;
  ctx.heartbeat(last);
  const timer = setInterval(() => ctx.heartbeat(last), 5_000);
  try {
    // Cancellation rejects here; cleanupRun then drops whatever the step had built.
    return await Promise.race([work((b) => ctx.heartbeat((last = b))), ctx.cancelled as Promise<never>]);
  } finally {
    clearInterval(timer);
  }
}

const rowsBeat = (step: string, run?: StagedRun): Beat => ({ step, done: 0, total: run?.report.rows.in ?? 0, unit: "rows" });

export function createIngestionActivities(rt: Runtime) {
  /** Heartbeats download progress and stops on cancellation (Cost Details polling can outlast the heartbeat timeout). */
  const extractWithHeartbeat = (input: { sourceId: string; month: string; runId: string; pluginVersion?: string }) =>
    withHeartbeat({ step: "extract", done: 0, total: 0, unit: "bytes" }, (beat) =>
      extractSourceMonth(rt, input, {
        signal: Context.current().cancellationSignal,
        onProgress: (p) => beat({ step: p.phase, done: p.bytesDone, total: p.bytesTotal ?? 0, unit: "bytes" }),
      }),
    );

  return {
    async extractSourceMonth(input: { sourceId: string; month: string; runId: string; pluginVersion?: string }) {
      return extractWithHeartbeat(input);
    },

    /**
     * Stage: probe and classify the files; with a ClickHouse server (and for Parquet/JSON) load them into
     * the run's String tables. A retry on another worker host extracts again.
     */
    async stageRun(input: { sourceId: string; runId: string; files: ExtractedFile[]; month?: string }): Promise<StagedRun> {
      let files = input.files;
      if (files.some((f) => !fs.existsSync(f.path))) {
        if (!input.month) throw new Error(`uploaded file ${files.find((f) => !fs.existsSync(f.path))!.name} is not on this worker's disk`);
        files = (await extractWithHeartbeat({ sourceId: input.sourceId, month: input.month, runId: input.runId })).files;
      }
      return withHeartbeat(rowsBeat("stage"), (beat) =>
        stageStep(rt.ch, {
          sourceId: input.sourceId,
          runId: input.runId,
          files: files.map((f) => f.path),
          fileNames: files.map((f) => f.name),
          onProgress: (p) => beat({ step: p.step, done: p.rowsDone, total: p.rowsTotal, unit: "rows" }),
        }),
      );
    },

    async convertRun(run: StagedRun): Promise<StagedRun> {
      return withHeartbeat(rowsBeat("convert", run), (beat) =>
        convertStep(rt.ch, run, (p) => beat({ step: p.step, done: p.rowsDone, total: p.rowsTotal, unit: "rows" })),
      );
    },

    async validateRun(run: StagedRun): Promise<StagedRun> {
      return withHeartbeat(rowsBeat("validate", run), () => validateStep(rt.ch, run));
    },

    /** Swap: the atomic replace of each month, then a snapshot for the restatement check. */
    async swapRun(run: StagedRun) {
      const report = await withHeartbeat(rowsBeat("swap", run), () => swapStep(rt.ch, run));
      await snapshotRunTotals(rt.ch, { runId: run.runId, sourceId: run.sourceId, months: report.months });
      // Copy the raw files to the platform store; a failure is recorded on the run, the ingest stands.
      const files = run.inputs ?? run.staged.map((f) => ({ path: f.probe.path, name: f.name }));
      if (files.length) await withHeartbeat({ step: "archive", done: 0, total: files.length, unit: "bytes" }, () => archiveRawFiles(rt, { runId: run.runId, sourceId: run.sourceId, months: report.months, files }));
      return { ...report, files: report.files.map((f) => ({ name: f.name, rows: f.rows, sizeBytes: f.sizeBytes, sha256: f.sha256 })) };
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
