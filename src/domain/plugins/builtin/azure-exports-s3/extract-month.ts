import path from "node:path";
import { findLatestExportRuns, downloadExportRun } from "../../../sources/s3-exports";
import { InvalidSourceRequestError } from "../../../sources/shared/errors";
import type { Extracted, ExtractContext, ExtractedFile } from "../../contract";
import type { ExportsS3Config, ExportsS3Secrets } from "./config";

/** The newest complete export run of each export for the month, every part downloaded. */
export async function extractMonth(ctx: ExtractContext<ExportsS3Config, ExportsS3Secrets>, month: string): Promise<Extracted> {
  const c = ctx.config;
  const s3 = { ...c, secretAccessKey: ctx.secrets.secretAccessKey ?? "" };
  const runs = (await findLatestExportRuns(s3, { month }, { signal: ctx.signal })).filter((r) => r.complete);
  const files: ExtractedFile[] = [];
  let bytes = 0;
  for (const run of runs) {
    const parts = await downloadExportRun(s3, run, path.join(ctx.dir, run.exportName), {
      signal: ctx.signal,
      onProgress: (p) => ctx.onProgress?.({ phase: `download ${run.exportName}`, bytesDone: bytes + p.bytesDone, bytesTotal: bytes + p.bytesTotal }),
    });
    for (const p of parts) {
      files.push({ path: p.path, name: `${run.exportName}/${path.basename(p.key)}`, bytes: p.bytes });
      bytes += p.bytes;
    }
  }
  if (files.length === 0) throw new InvalidSourceRequestError(`no complete export run for ${month} under s3://${c.bucket}/${c.prefix}`);
  return { files, bytes };
}
