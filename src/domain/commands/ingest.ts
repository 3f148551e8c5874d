import crypto from "node:crypto";
import { z } from "zod";
import { ingestFiles, type IngestReport } from "../ingest";
import { fetchS3Urls } from "../ingestion/fetch-s3-urls";
import { runDir, removeRunDir } from "../ingestion/run-dir";
import { ensureFileSource } from "../sources/registry";
import { recordDirectRun } from "../ingestion/direct-runs";
import { sourceRunPlugin } from "../ingestion/run-plugin";
import { archiveRawFiles } from "../storage/raw-archive";
import { sourceNameSchema } from "../sources/source-name";
import { INPUT_FOCUS_VERSIONS } from "../focus/versions/detect";
import type { Command } from "./types";

export const ingestArgs = z.object({
  files: z.array(z.string().min(1)).min(1, "name at least one file"),
  // a NUL in the name reached PostgreSQL and failed as a query error
  source: sourceNameSchema.default("manual"),
  dataset: z.enum(["auto", "ea-actual", "ea-amortized", "mca-actual", "mca-amortized", "focus"]).default("auto"),
  focusVersion: z.enum(INPUT_FOCUS_VERSIONS, { error: "--focus-version must be 1.0, 1.1, 1.2 or 1.3" }).optional(),
});

export const ingestCommand: Command<z.input<typeof ingestArgs>, IngestReport> = {
  name: "ingest",
  async run(rt, raw, progress) {
    const args = ingestArgs.parse(raw);
    const source = await ensureFileSource(rt.db, args.source);
    const runId = crypto.randomUUID();
    const remote = args.files.filter((f) => f.startsWith("s3://"));
    const fetched = remote.length ? await fetchS3Urls(rt.env, remote, runDir(rt.env, runId)) : [];
    const local = args.files.filter((f) => !f.startsWith("s3://"));
    await recordDirectRun(rt.ch, { runId, origin: "cli-ingest", sourceId: source.id, detail: args.files.join(" "), plugin: await sourceRunPlugin(rt.db, source.plugin) });
    const files = [...local, ...fetched.map((f) => f.path)];
    const fileNames = [...local.map((f) => f.split("/").pop()!), ...fetched.map((f) => f.name)];
    const report = await ingestFiles(rt.ch, {
      sourceId: source.id,
      runId,
      files,
      fileNames,
      dataset: args.dataset,
      focusVersion: args.focusVersion,
      onProgress: (p) => progress({ step: p.step, done: p.rowsDone, total: p.rowsTotal, unit: "rows" }),
    })
      .then(async (r) => {
        // Raw archive (issue 12): a failed copy is recorded on the run, the ingest stands.
        await archiveRawFiles(rt, { runId, sourceId: source.id, months: r.months, files: files.map((p, i) => ({ path: p, name: fileNames[i]! })) });
        return r;
      })
      .finally(() => removeRunDir(rt.env, runId));
    return report;
  },
};
